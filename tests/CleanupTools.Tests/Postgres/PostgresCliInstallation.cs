using System.Globalization;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// A reference-000 installation whose jobs table lives on the PostgreSQL test cluster (a fresh schema) while its
/// results/, uploads/ and temp/ are real directories, with completion times relative to the server's clock,
/// because the CLI runs on the real clock.
/// </summary>
public sealed class PostgresCliInstallation : IDisposable
{
    public static readonly string[] EligibleIds = { "job-a", "job-c", "job-g" };

    public PostgresCliInstallation()
    {
        Schema.Execute("""
            CREATE TABLE jobs (
                id text PRIMARY KEY, workflow_type text NOT NULL, status text NOT NULL, created_at timestamptz,
                completed_at timestamptz, dem_filename text, parameters text, error_message text)
            """);
        foreach (var (id, status, hoursAgo, dem) in new (string, string, int?, string?)[]
                 {
                     ("job-a", "completed", 200, "a.tif"),   // eligible: 168 h retention
                     ("job-b", "completed", 10, "b.tif"),
                     ("job-c", "failed", 13, "c.tif"),       // eligible: 12 h retention
                     ("job-d", "failed", 2, null),
                     ("job-e", "running", null, "e.tif"),
                     ("job-f", "pending", null, null),
                     ("job-g", "completed", 500, null),      // eligible
                 })
        {
            Schema.Execute("INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES (@id, 'sol', @status, now() - make_interval(hours => @hours), @dem)",
                ("id", id), ("status", status), ("hours", (object?)hoursAgo ?? DBNull.Value), ("dem", dem));
            Tree.File($"results/{id}/outputs/day_001.tif", 4096);
            Tree.File($"temp/{id}/scratch.bin", 512);
            if (dem is not null) Tree.File($"uploads/{dem}", 2048);
        }
        Work = Tree.Dir("work");
    }

    public PostgresTestSchema Schema { get; } = new();
    public TempTree Tree { get; } = new();
    public string Work { get; }

    public string[] Roots => new[] { "--results-dir", Tree.Path("results"), "--uploads-dir", Tree.Path("uploads"), "--temp-dir", Tree.Path("temp") };

    public CliResult Cli(IReadOnlyDictionary<string, string>? environment, params string[] args) => CliProcess.Run(Work, environment, args);

    /// <summary>Ids whose row carries a data_cleaned_at mark (empty before the first write adds the column).</summary>
    public List<string> CleanedIds()
    {
        var hasColumn = (long)Schema.Scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = @s AND table_name = 'jobs' AND column_name = 'data_cleaned_at'", ("s", Schema.Name))! > 0;
        return hasColumn ? Schema.Rows("SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL ORDER BY id").Select(r => r[0]!).ToList() : new List<string>();
    }

    public bool HasAnyEntry(string id) =>
        Directory.Exists(Tree.Path("results", id)) || Directory.Exists(Tree.Path("temp", id));

    public static string Hours(int hours) => hours.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Tree.Dispose();
        Schema.Dispose();
    }
}
