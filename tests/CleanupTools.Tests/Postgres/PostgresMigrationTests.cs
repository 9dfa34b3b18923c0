using CleanupTools.Tests.Support;
using System.Collections.Concurrent;
using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Tests.Contract;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Postgres;

/// <summary>The PostgreSQL migration exactly: what it adds, where, and that concurrent first writes report each change once.</summary>
public sealed class PostgresMigrationTests
{
    private static readonly string[] FullMigration = new[]
    {
        "added column jobs.data_cleaned_at",
        "added column jobs.cleanup_summary",
        "added column jobs.cleanup_claimed_by",
        "added column jobs.cleanup_claimed_until",
        "created index ix_jobs_dem_filename",
        "created index ix_jobs_status_completed_at",
    }.Concat(ToolTables.Created).ToArray();

    [PostgresFact]
    public void The_first_write_makes_exactly_these_changes_with_these_types_in_the_tables_schema()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });

        using (var store = fixture.Open())
        {
            store.RecordCleanups(new[] { new JobCleanupRecord("job-1", "2024-06-15 12:00:00", "{}") });
            Assert.Equal(FullMigration, store.Migrations);
        }

        var types = fixture.Schema.Rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @s AND table_name = 'jobs' AND column_name LIKE '%clean%'", ("s", fixture.Schema.Name))
            .ToDictionary(r => r[0]!, r => r[1]);
        Assert.Equal("timestamp with time zone", types["data_cleaned_at"]);
        Assert.Equal("text", types["cleanup_summary"]);
        Assert.Equal("text", types["cleanup_claimed_by"]);
        Assert.Equal("timestamp with time zone", types["cleanup_claimed_until"]);
        // Other tests make their own cleanup_policies in parallel, each in its own schema: ask only about this one and public.
        Assert.Equal(1L, fixture.Schema.Scalar("SELECT count(*) FROM pg_tables WHERE schemaname = @s AND tablename = 'cleanup_policies'", ("s", fixture.Schema.Name)));
        Assert.Equal(0L, fixture.Schema.Scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'cleanup_policies'"));
    }

    [PostgresFact]
    public void An_id_no_index_serves_gets_one_and_an_application_index_on_status_and_completion_is_reused()
    {
        using var schema = new PostgresTestSchema();
        schema.Execute("CREATE TABLE jobs (id text, status text, completed_at timestamptz); CREATE INDEX app_status ON jobs (status, completed_at)");

        using var store = PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping());
        store.SavePolicy(new CleanupTools.Policies.StoredPolicy("successful_jobs", TimeSpan.FromDays(1), true, null, null, null));

        Assert.Contains("created index ix_jobs_id", store.Migrations);
        Assert.DoesNotContain("created index ix_jobs_status_completed_at", store.Migrations);
        Assert.Equal(1L, schema.Scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = @s AND indexname = 'ix_jobs_id'", ("s", schema.Name)));
    }

    [PostgresFact]
    public void Concurrent_first_writes_make_and_report_each_change_exactly_once()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(Enumerable.Range(0, 8).Select(i => new JobRow($"job-{i}", "completed", "2024-01-01 00:00:00")));
        var stores = Enumerable.Range(0, 4).Select(_ => fixture.Open()).ToList();
        var reported = new ConcurrentBag<string>();
        try
        {
            Parallel.For(0, stores.Count, new ParallelOptions { MaxDegreeOfParallelism = stores.Count }, i =>
            {
                stores[i].RecordCleanups(new[] { new JobCleanupRecord($"job-{i}", "2024-06-15 12:00:00", "{}") });
                foreach (var change in stores[i].Migrations) reported.Add(change);
            });
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }

        Assert.Equal(FullMigration.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
        Assert.Equal(4, fixture.Rows().Count(r => r.DataCleanedAt is not null));
    }

    [PostgresFact]
    public void A_foreign_cleanup_policies_table_is_a_clear_configuration_error()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(Array.Empty<JobRow>());
        // Reference 001's own policy table has another shape.
        fixture.Schema.Execute("CREATE TABLE cleanup_policies (data_type text PRIMARY KEY, retention_days integer, enabled boolean)");

        using var store = fixture.Open();
        var error = Assert.Throws<ConfigurationException>(() => store.GetStoredPolicies());

        Assert.Contains("not this tool's policy table", error.Message);
    }
}
