using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>A batch of outcomes is written in one transaction: all of it, or none of it.</summary>
public abstract partial class JobStoreContract
{
    private void HundredCompleted() =>
        Fixture.CreateJobs(Enumerable.Range(0, 100).Select(i => new JobRow(Id(i), "completed", "2024-01-01 00:00:00")));

    [ContractFact]
    public void Every_record_is_written_to_its_row()
    {
        HundredCompleted();
        using (var store = Fixture.Open())
        {
            store.RecordCleanups(new[]
            {
                new JobCleanupRecord("job-001", "2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}"),
                new JobCleanupRecord("job-002", null, "{\"outcome\":\"Partial\"}"),
                new JobCleanupRecord("job-003", "2024-06-15 12:00:01", "{\"outcome\":\"Deleted\"}"),
            });
        }

        var written = Fixture.Rows().Where(r => r.Summary is not null).Select(r => (r.Id, r.DataCleanedAt, r.Summary)).ToList();
        Assert.Equal(new (string, string?, string?)[]
        {
            ("job-001", "2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}"),
            ("job-002", null, "{\"outcome\":\"Partial\"}"),
            ("job-003", "2024-06-15 12:00:01", "{\"outcome\":\"Deleted\"}"),
        }, written);
    }

    [ContractFact]
    public void A_record_without_a_cleaned_time_keeps_an_earlier_mark_but_replaces_the_summary()
    {
        HundredCompleted();
        using var store = Fixture.Open();
        store.RecordCleanups(new[] { new JobCleanupRecord("job-010", "2024-06-01 00:00:00", "first") });

        store.RecordCleanups(new[] { new JobCleanupRecord("job-010", null, "second") });

        var row = Fixture.Row("job-010");
        Assert.Equal(("2024-06-01 00:00:00", "second"), (row.DataCleanedAt, row.Summary));
    }

    [ContractFact]
    public void A_failure_part_way_through_a_batch_writes_none_of_it()
    {
        HundredCompleted();
        // Migrate first, then make the 50th update of the batch fail inside the database.
        using (var store = Fixture.Open())
            store.RecordCleanups(new[] { new JobCleanupRecord("job-099", "2024-06-01 00:00:00", "earlier") });
        Fixture.RefuseUpdatesOf("job-050");
        var records = Enumerable.Range(0, 99).Select(i => Cleaned(Id(i))).ToArray();

        using (var store = Fixture.Open())
        {
            var error = Assert.ThrowsAny<Exception>(() => store.RecordCleanups(records));
            Assert.Contains("refused by test", error.Message);
        }

        var rows = Fixture.Rows();
        Assert.Equal(new[] { "job-099" }, rows.Where(r => r.Summary is not null).Select(r => r.Id));
        Assert.Equal(new[] { "job-099" }, rows.Where(r => r.DataCleanedAt is not null).Select(r => r.Id));
    }

    [ContractFact]
    public void An_empty_batch_writes_nothing_at_all()
    {
        HundredCompleted();
        var before = Fixture.Fingerprint();

        using (var store = Fixture.Open())
        {
            store.RecordCleanups(Array.Empty<JobCleanupRecord>());
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
    }

    [ContractFact]
    public void A_record_for_an_unknown_id_changes_no_row()
    {
        HundredCompleted();
        using (var store = Fixture.Open())
            store.RecordCleanups(new[] { Cleaned("job-404") });

        Assert.All(Fixture.Rows(), r => Assert.True(r.DataCleanedAt is null && r.Summary is null, r.Id));
        Assert.Equal(100, Fixture.Rows().Count);
    }

    [ContractFact]
    public void Hostile_ids_and_summaries_are_values_never_SQL()
    {
        const string hostile = "job-001'; DROP TABLE jobs; --";
        Fixture.CreateJobs(new[] { new JobRow(hostile, "completed", "2024-01-01 00:00:00"), new JobRow("job-002", "completed", "2024-01-01 00:00:00") });

        using (var store = Fixture.Open())
            store.RecordCleanups(new[] { new JobCleanupRecord(hostile, "2024-06-15 12:00:00", "'); DELETE FROM jobs; --") });

        Assert.Equal(2, Fixture.Rows().Count);
        Assert.Equal("'); DELETE FROM jobs; --", Fixture.Row(hostile).Summary);
        Assert.Null(Fixture.Row("job-002").Summary);
    }
}
