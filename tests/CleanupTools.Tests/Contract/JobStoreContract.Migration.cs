using CleanupTools.Tests.Support;
using CleanupTools.Policies;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>The first write migrates the application's table once, reporting each change; later writes find nothing to do.</summary>
public abstract partial class JobStoreContract
{
    private static StoredPolicy Policy(string name = PolicyNames.SuccessfulJobs) =>
        new(name, TimeSpan.FromHours(72), true, null, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), "test@host");

    private void TwoRows() => Fixture.CreateJobs(new[]
    {
        new JobRow("job-1", "completed", "2024-01-01 00:00:00", "one.tif"),
        new JobRow("job-2", "failed", "2024-01-02 00:00:00"),
    });

    [ContractFact]
    public void The_first_write_adds_the_columns_index_and_policy_table_and_reports_each_change()
    {
        TwoRows();
        var before = Fixture.Columns("jobs");
        using var store = Fixture.Open();
        Assert.Empty(store.Migrations);

        store.SavePolicy(Policy());

        var added = Fixture.Columns("jobs").Except(before).ToList();
        Assert.Contains("data_cleaned_at", added);
        Assert.Contains("cleanup_summary", added);
        // Every column the store added is reported, and nothing else is reported as a column.
        Assert.Equal(added.Select(c => $"added column jobs.{c}").Order(StringComparer.Ordinal),
            store.Migrations.Where(m => m.StartsWith("added column", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "added column jobs.data_cleaned_at", "added column jobs.cleanup_summary" }, store.Migrations.Take(2));
        Assert.Equal(new[] { "created index ix_jobs_status_completed_at" }.Concat(ToolTables.Created), store.Migrations.TakeLast(ToolTables.Created.Length + 1));
        Assert.True(Fixture.HasIndex("ix_jobs_status_completed_at"));
        Assert.True(Fixture.HasTable("cleanup_policies"));
        Assert.True(Fixture.HasTable("cleanup_holds"));
        Assert.True(Fixture.HasTable("cleanup_audit"));
    }

    [ContractFact]
    public void Further_writes_on_the_same_store_do_not_migrate_again()
    {
        TwoRows();
        using var store = Fixture.Open();

        store.SavePolicy(Policy());
        var first = store.Migrations.ToList();
        store.SavePolicy(Policy(PolicyNames.FailedJobs));
        store.RecordCleanups(new[] { Cleaned("job-1") });

        Assert.NotEmpty(first);
        Assert.Equal(first, store.Migrations);
    }

    [ContractFact]
    public void A_second_store_instance_reports_no_migration_and_leaves_the_schema_identical()
    {
        TwoRows();
        using (var first = Fixture.Open())
            first.RecordCleanups(new[] { Cleaned("job-1", "{\"outcome\":\"Deleted\"}") });
        var schemaAfterFirst = Fixture.SchemaFingerprint();

        using (var second = Fixture.Open())
        {
            second.RecordCleanups(new[] { Cleaned("job-2") });
            second.SavePolicy(Policy());
            Assert.Empty(second.Migrations);
        }

        Assert.Equal(schemaAfterFirst, Fixture.SchemaFingerprint());
        Assert.Equal(2, Fixture.Rows().Count(r => r.DataCleanedAt is not null));
    }

    [ContractFact]
    public void Migration_keeps_every_existing_row_and_value()
    {
        TwoRows();
        var before = Fixture.Rows().Select(r => (r.Id, r.Status)).ToList();

        using (var store = Fixture.Open())
            store.SavePolicy(Policy());

        Assert.Equal(before, Fixture.Rows().Select(r => (r.Id, r.Status)));
        Assert.All(Fixture.Rows(), r => Assert.True(r.DataCleanedAt is null && r.Summary is null));
    }

    [ContractFact]
    public void A_partly_migrated_table_gets_only_what_is_missing()
    {
        TwoRows();
        Fixture.AddDataCleanedAtColumn();

        using var store = Fixture.Open();
        store.SavePolicy(Policy());

        Assert.DoesNotContain("added column jobs.data_cleaned_at", store.Migrations);
        Assert.Contains("added column jobs.cleanup_summary", store.Migrations);
        Assert.Contains("created table cleanup_policies", store.Migrations);
    }
}
