using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Stores;

/// <summary>A batch of outcomes is written in one transaction: all of it, or none of it.</summary>
public sealed class SqliteJobStoreRecordCleanupsTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _db;

    public SqliteJobStoreRecordCleanupsTests()
    {
        _db = JobsDb.Create(_tree.Path("jobs.db"),
            Enumerable.Range(0, 100).Select(i => new JobRow($"job-{i:000}", "completed", "2024-01-01 00:00:00")).ToArray());
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Every_record_is_written_to_its_row()
    {
        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
        {
            store.RecordCleanups(new[]
            {
                new JobCleanupRecord("job-001", "2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}"),
                new JobCleanupRecord("job-002", null, "{\"outcome\":\"Partial\"}"),
                new JobCleanupRecord("job-003", "2024-06-15 12:00:01", "{\"outcome\":\"Deleted\"}"),
            });
        }

        var rows = JobsDb.Rows(_db, "SELECT id, data_cleaned_at, cleanup_summary FROM jobs WHERE cleanup_summary IS NOT NULL ORDER BY id");
        Assert.Equal(3, rows.Count);
        Assert.Equal(new[] { "job-001", "2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}" }, rows[0]);
        Assert.Equal(new[] { "job-002", null, "{\"outcome\":\"Partial\"}" }, rows[1]);
        Assert.Equal(new[] { "job-003", "2024-06-15 12:00:01", "{\"outcome\":\"Deleted\"}" }, rows[2]);
    }

    [Fact]
    public void A_record_without_a_cleaned_time_keeps_an_earlier_mark_but_replaces_the_summary()
    {
        using var store = SqliteJobStore.Open(_db, new JobTableMapping());
        store.RecordCleanups(new[] { new JobCleanupRecord("job-010", "2024-06-01 00:00:00", "first") });

        store.RecordCleanups(new[] { new JobCleanupRecord("job-010", null, "second") });

        Assert.Equal(new[] { "2024-06-01 00:00:00", "second" }, JobsDb.Rows(_db, "SELECT data_cleaned_at, cleanup_summary FROM jobs WHERE id = 'job-010'").Single());
    }

    [Fact]
    public void A_failure_part_way_through_a_batch_writes_none_of_it()
    {
        // Migrate first, then make the 50th update of the batch fail inside the database.
        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
            store.RecordCleanups(new[] { new JobCleanupRecord("job-099", "2024-06-01 00:00:00", "earlier") });
        JobsDb.Execute(_db, "CREATE TRIGGER refuse_50 BEFORE UPDATE ON jobs WHEN NEW.id = 'job-050' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
        var records = Enumerable.Range(0, 99).Select(i => new JobCleanupRecord($"job-{i:000}", "2024-06-15 12:00:00", "{}")).ToArray();

        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
        {
            var error = Assert.ThrowsAny<SqliteException>(() => store.RecordCleanups(records));
            Assert.Contains("refused by test", error.Message);
        }

        Assert.Equal(1L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs WHERE cleanup_summary IS NOT NULL"));
        Assert.Equal(1L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs WHERE data_cleaned_at IS NOT NULL"));
        Assert.Empty(JobsDb.SideFiles(_db));
    }

    [Fact]
    public void An_empty_batch_writes_nothing_at_all()
    {
        var before = File.ReadAllBytes(_db);

        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
        {
            store.RecordCleanups(Array.Empty<JobCleanupRecord>());
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, File.ReadAllBytes(_db));
    }

    [Fact]
    public void A_record_for_an_unknown_id_changes_no_row()
    {
        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
            store.RecordCleanups(new[] { new JobCleanupRecord("job-404", "2024-06-15 12:00:00", "{}") });

        Assert.Equal(0L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs WHERE data_cleaned_at IS NOT NULL OR cleanup_summary IS NOT NULL"));
        Assert.Equal(100L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs"));
    }

    [Fact]
    public void Hostile_ids_and_summaries_are_values_never_SQL()
    {
        const string hostile = "job-001'; DROP TABLE jobs; --";
        JobsDb.Insert(_db, new[] { new JobRow(hostile, "completed", "2024-01-01 00:00:00") });

        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
            store.RecordCleanups(new[] { new JobCleanupRecord(hostile, "2024-06-15 12:00:00", "'); DELETE FROM jobs; --") });

        Assert.Equal(101L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM jobs"));
        Assert.Equal("'); DELETE FROM jobs; --", JobsDb.Rows(_db, "SELECT cleanup_summary FROM jobs WHERE data_cleaned_at IS NOT NULL").Single()[0]);
    }
}
