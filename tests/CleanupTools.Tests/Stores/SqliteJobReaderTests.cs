using CleanupTools.Configuration;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// A worker's reader (IJobStore.OpenJobReader): its one-id read, a statement prepared once, finds the very rows the
/// store's GetJobs finds, whatever the id's stored type (text, integer, blob, text that spells a number), and sees a
/// column added by a migration after it was opened.
/// </summary>
public sealed class SqliteJobReaderTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void One_id_reads_the_same_rows_as_the_store_for_every_stored_type_of_id()
    {
        var path = _tree.Path("runs.db");
        JobsDb.Execute(path, "CREATE TABLE runs(run_id, state TEXT, finished_at TEXT)");
        JobsDb.Execute(path, "INSERT INTO runs VALUES ('job-1', 'done', '2024-01-01'), (42, 'done', '2024-01-02'), (x'0a1b', 'done', '2024-01-03'), " +
                             "('7', 'failed', '2024-01-04'), (7, 'done', '2024-01-05')");
        var mapping = new JobTableMapping { Table = "runs", IdColumn = "run_id", StatusColumn = "state", CompletedAtColumn = "finished_at", CompletedStatuses = new[] { "done" } };
        using var store = SqliteJobStore.Open(path, mapping);
        using var reader = store.OpenJobReader()!;

        foreach (var id in new[] { "job-1", "42", "x'0a1b'", "7", "missing" })
        {
            var expected = store.GetJobs(new[] { id }).Select(j => (j.Id, j.RawStatus, j.CompletedAt)).OrderBy(j => j.CompletedAt?.ToString()).ToArray();
            var read = reader.GetJobs(new[] { id }).Select(j => (j.Id, j.RawStatus, j.CompletedAt)).OrderBy(j => j.CompletedAt?.ToString()).ToArray();
            Assert.Equal(expected, read);
            Assert.Equal(id switch { "missing" => 0, "7" => 2, _ => 1 }, read.Length);
        }
    }

    [Fact]
    public void A_reader_opened_before_the_migration_reads_the_cleaned_mark_written_after_it()
    {
        var path = JobsDb.Create(_tree.Path("jobs.db"), new JobRow("job-1", "completed", "2024-01-01 00:00:00", "job-1.tif"));
        using var store = SqliteJobStore.Open(path, new JobTableMapping());
        using var reader = store.OpenJobReader()!;
        Assert.Null(Assert.Single(reader.GetJobs(new[] { "job-1" })).DataCleanedAt);

        store.RecordCleanups(new[] { new CleanupTools.Stores.JobCleanupRecord("job-1", "2024-02-01 00:00:00", "{}") });

        Assert.Equal("2024-02-01 00:00:00", Assert.Single(reader.GetJobs(new[] { "job-1" })).DataCleanedAt);
    }
}
