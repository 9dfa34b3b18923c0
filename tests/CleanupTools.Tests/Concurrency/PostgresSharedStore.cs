using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Tests.Postgres;

namespace CleanupTools.Tests.Concurrency;

/// <summary>The shared installation on PostgreSQL: a fresh schema on the test cluster, roots on the local disk.</summary>
public sealed class PostgresSharedStore : SharedStore
{
    public PostgresSharedStore(int expiredJobs, int runningJobs = 5) : base(expiredJobs, runningJobs)
    {
        Schema.Execute("""
            CREATE TABLE jobs (
                id text PRIMARY KEY, workflow_type text NOT NULL, status text NOT NULL, created_at timestamptz,
                completed_at timestamptz, dem_filename text, parameters text, error_message text)
            """);
        // The same ids and statuses the base class gave the files, written set-wise.
        Schema.Execute("""
            INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename)
            SELECT id, 'sol', status, CASE WHEN status = 'running' THEN NULL ELSE now() - interval '30 days' END, id || '.tif'
            FROM (SELECT CASE WHEN i >= @expired THEN 'job-run-' ELSE 'job-' END || lpad(i::text, 5, '0') AS id,
                         CASE WHEN i >= @expired THEN 'running' WHEN i % 4 = 0 THEN 'failed' ELSE 'completed' END AS status
                  FROM generate_series(0, @total - 1) AS i) AS rows
            """, ("expired", expiredJobs), ("total", expiredJobs + runningJobs));
    }

    public PostgresTestSchema Schema { get; } = new();

    public override string[] StoreArgs => new[]
    {
        "--connection-string", Schema.ConnectionString,
        "--results-dir", Path.Combine(Base, "results"), "--uploads-dir", Path.Combine(Base, "uploads"), "--temp-dir", Path.Combine(Base, "temp"),
    };

    public override IJobStore OpenStore() => PostgresJobStore.Open(Schema.ConnectionString, Mapping);

    public override bool HeldBy(int pid) =>
        Convert.ToInt64(Schema.Scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE @name", ("name", $"%pid {pid}%"))) > 0;

    public override string Fingerprint() => Schema.Fingerprint();

    public override HashSet<string> CleanedIds() =>
        Schema.Rows("SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL").Select(r => r[0]!).ToHashSet(StringComparer.Ordinal);

    public override void Dispose()
    {
        base.Dispose();
        Schema.Dispose();
    }
}
