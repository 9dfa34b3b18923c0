using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>The first write migrates the application's database once; later writes find nothing to do.</summary>
public sealed class SqliteJobStoreMigrationTests : IDisposable
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

    private readonly TempTree _tree = new();
    private readonly string _db;

    public SqliteJobStoreMigrationTests()
    {
        _db = JobsDb.Create(_tree.Path("jobs.db"),
            new JobRow("job-1", "completed", "2024-01-01 00:00:00", "one.tif"),
            new JobRow("job-2", "failed", "2024-01-02 00:00:00"));
    }

    public void Dispose() => _tree.Dispose();

    private static StoredPolicy Policy(string name = PolicyNames.SuccessfulJobs) =>
        new(name, TimeSpan.FromHours(72), true, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), "test@host");

    [Fact]
    public void The_first_write_adds_the_columns_index_and_policy_table_and_reports_them()
    {
        using var store = SqliteJobStore.Open(_db, new JobTableMapping());
        Assert.Empty(store.Migrations);

        store.SavePolicy(Policy());

        Assert.Equal(FullMigration, store.Migrations);
        var columns = JobsDb.Columns(_db, "jobs");
        Assert.Contains("data_cleaned_at", columns);
        Assert.Contains("cleanup_summary", columns);
        Assert.Equal(1L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND name='ix_jobs_status_completed_at' AND tbl_name='jobs'"));
        Assert.Equal(1L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='cleanup_policies'"));
    }

    [Fact]
    public void Further_writes_on_the_same_store_do_not_migrate_again()
    {
        using var store = SqliteJobStore.Open(_db, new JobTableMapping());

        store.SavePolicy(Policy());
        store.SavePolicy(Policy(PolicyNames.FailedJobs));
        store.RecordCleanups(new[] { new JobCleanupRecord("job-1", "2024-06-15 12:00:00", "{}") });

        Assert.Equal(FullMigration, store.Migrations);
    }

    [Fact]
    public void A_second_store_instance_reports_no_migration_and_leaves_the_schema_identical()
    {
        using (var first = SqliteJobStore.Open(_db, new JobTableMapping()))
            first.RecordCleanups(new[] { new JobCleanupRecord("job-1", "2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}") });
        var schemaAfterFirst = JobsDb.Schema(_db);

        using (var second = SqliteJobStore.Open(_db, new JobTableMapping()))
        {
            second.RecordCleanups(new[] { new JobCleanupRecord("job-2", "2024-06-15 12:00:00", "{}") });
            second.SavePolicy(Policy());
            Assert.Empty(second.Migrations);
        }

        Assert.Equal(schemaAfterFirst, JobsDb.Schema(_db));
        Assert.Equal(2L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs WHERE data_cleaned_at IS NOT NULL"));
    }

    [Fact]
    public void Migration_keeps_every_existing_row_and_value()
    {
        var before = JobsDb.Rows(_db, "SELECT id, workflow_type, status, completed_at, dem_filename FROM jobs ORDER BY id");

        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
            store.SavePolicy(Policy());

        Assert.Equal(before, JobsDb.Rows(_db, "SELECT id, workflow_type, status, completed_at, dem_filename FROM jobs ORDER BY id"));
        Assert.Equal(0L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs WHERE data_cleaned_at IS NOT NULL OR cleanup_summary IS NOT NULL"));
    }

    [Fact]
    public void A_partly_migrated_database_gets_only_what_is_missing()
    {
        JobsDb.Execute(_db, "ALTER TABLE jobs ADD COLUMN data_cleaned_at TIMESTAMP");

        using var store = SqliteJobStore.Open(_db, new JobTableMapping());
        store.SavePolicy(Policy());

        Assert.Equal(FullMigration.Skip(1), store.Migrations);
    }

    [Fact]
    public void A_real_run_reports_the_migration_it_caused()
    {
        using var installation = new Installation();
        var host = new RecordingHost();

        using (var context = installation.Open())
        {
            using var run = new CleanupRun(context, host, dryRun: false);
            run.RunEligible(CandidateFilter.None);
            run.Complete();
        }

        // Reported whether or not -Verbose is on, once per store: a tool that alters an application's tables says so.
        // Each change is a verbose line.
        var warning = Assert.Single(host.Warnings, w => w.StartsWith("Changed the store's schema", StringComparison.Ordinal));
        Assert.EndsWith($": {FullMigration.Length} changes", warning);
        // The engine says where the details are as a fact; each front end names its own switch (--verbose, -Verbose).
        Assert.Equal(new Advice(AdviceKind.ShowVerbose), Assert.Single(host.Notices, n => n.Warning).Advice);
        foreach (var change in FullMigration)
            Assert.Contains($"Changed the store's schema: {change}.", host.Verbose);
        Assert.Equal(Installation.EligibleIds, JobsDb.Rows(installation.DbPath, "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL ORDER BY id").Select(r => r[0]));
    }
}
