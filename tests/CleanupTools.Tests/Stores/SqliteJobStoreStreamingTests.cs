using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>Keyset paging: every row once, in id order, whatever the batch size and whatever is written between pages.</summary>
public sealed class SqliteJobStoreStreamingTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static string Id(int i) => $"job-{i:000}";

    /// <summary>100 rows inserted in a shuffled order, so id order is the store's doing.</summary>
    private string HundredRows(bool migrated = false)
    {
        var rows = Enumerable.Range(0, 100)
            .OrderBy(i => (i * 37) % 101)
            .Select(i => new JobRow(Id(i), i % 3 == 0 ? "failed" : i % 5 == 0 ? "running" : "completed", "2024-01-01 00:00:00", $"{Id(i)}.tif"))
            .ToArray();
        var path = _tree.Path("jobs.db");
        return migrated ? JobsDb.CreateMigrated(path, rows) : JobsDb.Create(path, rows);
    }

    [Fact]
    public void Batch_size_7_over_100_rows_returns_each_row_once_in_id_order()
    {
        using var store = SqliteJobStore.Open(HundredRows(), new JobTableMapping());

        var ids = store.StreamJobs(new JobQuery(), 7).Select(j => j.Id).ToList();

        Assert.Equal(Enumerable.Range(0, 100).Select(Id), ids);
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Equal(100, store.CountJobs(new JobQuery()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(50)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(100_000)]
    public void Any_batch_size_returns_the_same_sequence(int batchSize)
    {
        using var store = SqliteJobStore.Open(HundredRows(), new JobTableMapping());

        Assert.Equal(Enumerable.Range(0, 100).Select(Id), store.StreamJobs(new JobQuery(), batchSize).Select(j => j.Id));
    }

    [Fact]
    public void Integer_ids_are_paged_in_numeric_order()
    {
        var path = _tree.Path("runs.db");
        JobsDb.Execute(path, "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, state TEXT, finished_at TEXT)");
        using (var connection = JobsDb.Open(path))
        {
            using var transaction = connection.BeginTransaction();
            foreach (var i in Enumerable.Range(1, 100).OrderBy(i => (i * 53) % 101))
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO runs VALUES ({i}, 'done', '2024-01-01')";
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var mapping = new JobTableMapping { Table = "runs", IdColumn = "run_id", StatusColumn = "state", CompletedAtColumn = "finished_at", CompletedStatuses = new[] { "done" } };
        using var store = SqliteJobStore.Open(path, mapping);

        var jobs = store.StreamJobs(new JobQuery(), 7).ToList();

        Assert.Equal(Enumerable.Range(1, 100).Select(i => i.ToString(CultureInfo.InvariantCulture)), jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal(JobStatus.Completed, j.Status));
    }

    [Fact]
    public void Rows_marked_cleaned_between_pages_are_neither_skipped_nor_repeated()
    {
        using var store = SqliteJobStore.Open(HundredRows(), new JobTableMapping());
        var seen = new List<string>();

        foreach (var job in store.StreamJobs(new JobQuery(), 7))
        {
            seen.Add(job.Id);
            // As a run does: record each acted-on job while the stream is still open (the first write migrates).
            store.RecordCleanups(new[] { new JobCleanupRecord(job.Id, "2024-06-15 12:00:00", "{}") });
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(Id), seen);
        Assert.Equal(0, store.CountJobs(new JobQuery()));
        Assert.Empty(store.StreamJobs(new JobQuery(), 7));
    }

    [Fact]
    public void Cleaned_rows_are_left_out_unless_IncludeCleaned_is_set()
    {
        var path = HundredRows(migrated: true);
        JobsDb.Execute(path, "UPDATE jobs SET data_cleaned_at = '2024-06-01 00:00:00' WHERE CAST(substr(id, 5) AS INTEGER) % 4 = 0");
        using var store = SqliteJobStore.Open(path, new JobTableMapping());

        var open = store.StreamJobs(new JobQuery(), 7).ToList();
        var all = store.StreamJobs(new JobQuery(IncludeCleaned: true), 7).ToList();

        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 4 != 0).Select(Id), open.Select(j => j.Id));
        Assert.All(open, j => Assert.Null(j.DataCleanedAt));
        Assert.Equal(100, all.Count);
        Assert.Equal("2024-06-01 00:00:00", all.Single(j => j.Id == Id(8)).DataCleanedAt);
        Assert.Equal(75, store.CountJobs(new JobQuery()));
        Assert.Equal(100, store.CountJobs(new JobQuery(IncludeCleaned: true)));
    }

    [Fact]
    public void A_status_filter_selects_exact_raw_words()
    {
        using var store = SqliteJobStore.Open(HundredRows(), new JobTableMapping());
        var expectedFailed = Enumerable.Range(0, 100).Where(i => i % 3 == 0).Select(Id).ToList();
        var expectedCleanable = Enumerable.Range(0, 100).Where(i => i % 3 == 0 || i % 5 != 0).Select(Id).ToList();

        Assert.Equal(expectedFailed, store.StreamJobs(new JobQuery(new[] { "failed" }), 7).Select(j => j.Id));
        Assert.Equal(expectedFailed.Count, store.CountJobs(new JobQuery(new[] { "failed" })));
        Assert.Equal(expectedCleanable, store.StreamJobs(new JobQuery(new[] { "completed", "failed" }), 7).Select(j => j.Id));
        Assert.Equal(expectedCleanable.Count, store.CountJobs(new JobQuery(new[] { "completed", "failed" })));
        Assert.Empty(store.StreamJobs(new JobQuery(new[] { "Failed", "COMPLETED" }), 7));
        Assert.Empty(store.StreamJobs(new JobQuery(Array.Empty<string>()), 7));
        Assert.Equal(0, store.CountJobs(new JobQuery(Array.Empty<string>())));
    }

    [Fact]
    public void A_status_filter_and_IncludeCleaned_combine()
    {
        var path = HundredRows(migrated: true);
        JobsDb.Execute(path, "UPDATE jobs SET data_cleaned_at = '2024-06-01 00:00:00' WHERE status = 'failed' AND id < 'job-050'");
        using var store = SqliteJobStore.Open(path, new JobTableMapping());

        var failedOpen = store.StreamJobs(new JobQuery(new[] { "failed" }), 7).Select(j => j.Id).ToList();
        var failedAll = store.StreamJobs(new JobQuery(new[] { "failed" }, IncludeCleaned: true), 7).Select(j => j.Id).ToList();

        Assert.Equal(Enumerable.Range(50, 50).Where(i => i % 3 == 0).Select(Id), failedOpen);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 3 == 0).Select(Id), failedAll);
    }

    [Fact]
    public void Rows_are_read_with_every_mapped_field()
    {
        var path = JobsDb.CreateMigrated(_tree.Path("jobs.db"),
            new JobRow("job-x", "completed", "2024-01-02T03:04:05Z", "x.tif", "eemt_full", "2024-02-01 00:00:00"),
            new JobRow("job-y", "cancelled", null));
        using var store = SqliteJobStore.Open(path, new JobTableMapping());

        var jobs = store.StreamJobs(new JobQuery(IncludeCleaned: true), 10).ToList();

        Assert.Equal(new JobRecord("job-x", "eemt_full", "completed", JobStatus.Completed, "2024-01-02T03:04:05Z", "x.tif", "2024-02-01 00:00:00"), jobs[0]);
        Assert.Equal(new JobRecord("job-y", "sol", "cancelled", JobStatus.Unknown, null, null, null), jobs[1]);
    }

    [Fact]
    public void GetJobs_rereads_the_requested_rows_as_they_are_now()
    {
        var path = HundredRows(migrated: true);
        using var store = SqliteJobStore.Open(path, new JobTableMapping());
        JobsDb.Execute(path, "UPDATE jobs SET status = 'running', data_cleaned_at = '2024-06-01 00:00:00' WHERE id = 'job-001'");

        var jobs = store.GetJobs(new[] { "job-001", "job-002", "job-999", "job-001" }).OrderBy(j => j.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { "job-001", "job-002" }, jobs.Select(j => j.Id));
        Assert.Equal(JobStatus.Running, jobs[0].Status);
        Assert.Equal("2024-06-01 00:00:00", jobs[0].DataCleanedAt);
        Assert.Empty(store.GetJobs(Array.Empty<string>()));
    }
}
