using CleanupTools.Stores;
using CleanupTools.Tests.Stores;
using CleanupTools.Time;

namespace CleanupTools.Tests.Contract;

/// <summary>Keyset paging: every row once, in id order, whatever the batch size and whatever is written between pages.</summary>
public abstract partial class JobStoreContract
{
    [ContractFact]
    public void Every_batch_size_returns_each_row_once_in_id_order()
    {
        HundredRows();
        using var store = Fixture.Open();
        var expected = Enumerable.Range(0, 100).Select(Id).ToList();

        // One row per page, a size that leaves a short last page, exact multiples of the table, and more than the table.
        foreach (var batchSize in new[] { 1, 7, 20, 50, 100, 101, 100_000 })
        {
            var ids = store.StreamJobs(new JobQuery(), batchSize).Select(j => j.Id).ToList();
            Assert.True(expected.SequenceEqual(ids), $"batch size {batchSize}: got {ids.Count} rows, first difference at {expected.Zip(ids).TakeWhile(p => p.First == p.Second).Count()}");
        }
        Assert.Equal(100, store.CountJobs(new JobQuery()));
    }

    [ContractFact]
    public void Rows_marked_cleaned_between_pages_are_neither_skipped_nor_repeated()
    {
        HundredRows();
        using var store = Fixture.Open();
        var seen = new List<string>();

        foreach (var job in store.StreamJobs(new JobQuery(), 7))
        {
            seen.Add(job.Id);
            // As a run does: record each acted-on job while the stream is still open (the first write migrates).
            store.RecordCleanups(new[] { Cleaned(job.Id) });
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(Id), seen);
        Assert.Equal(0, store.CountJobs(new JobQuery()));
        Assert.Empty(store.StreamJobs(new JobQuery(), 7));
    }

    [ContractFact]
    public void Cleaned_rows_are_left_out_unless_IncludeCleaned_is_set()
    {
        HundredRows(migrated: true);
        Fixture.MarkCleaned(Enumerable.Range(0, 100).Where(i => i % 4 == 0).Select(Id), "2024-06-01 00:00:00");
        using var store = Fixture.Open();

        var open = store.StreamJobs(new JobQuery(), 7).ToList();
        var all = store.StreamJobs(new JobQuery(IncludeCleaned: true), 7).ToList();

        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 4 != 0).Select(Id), open.Select(j => j.Id));
        Assert.All(open, j => Assert.Null(j.DataCleanedAt));
        Assert.Equal(100, all.Count);
        Assert.Equal("2024-06-01 00:00:00", all.Single(j => j.Id == Id(8)).DataCleanedAt);
        Assert.Equal(75, store.CountJobs(new JobQuery()));
        Assert.Equal(100, store.CountJobs(new JobQuery(IncludeCleaned: true)));
    }

    [ContractFact]
    public void A_status_filter_selects_exact_raw_words()
    {
        HundredRows();
        using var store = Fixture.Open();
        var expectedFailed = Enumerable.Range(0, 100).Where(i => i % 3 == 0).Select(Id).ToList();
        var expectedCleanable = Enumerable.Range(0, 100).Where(i => i % 3 == 0 || i % 5 != 0).Select(Id).ToList();

        Assert.Equal(expectedFailed, store.StreamJobs(new JobQuery(new[] { "failed" }), 7).Select(j => j.Id));
        Assert.Equal(expectedFailed.Count, store.CountJobs(new JobQuery(new[] { "failed" })));
        Assert.Equal(expectedCleanable, store.StreamJobs(new JobQuery(Cleanable), 7).Select(j => j.Id));
        Assert.Equal(expectedCleanable.Count, store.CountJobs(new JobQuery(Cleanable)));
        Assert.Empty(store.StreamJobs(new JobQuery(new[] { "Failed", "COMPLETED" }), 7));
        Assert.Empty(store.StreamJobs(new JobQuery(Array.Empty<string>()), 7));
        Assert.Equal(0, store.CountJobs(new JobQuery(Array.Empty<string>())));
    }

    [ContractFact]
    public void A_status_filter_and_IncludeCleaned_combine()
    {
        HundredRows(migrated: true);
        Fixture.MarkCleaned(Enumerable.Range(0, 50).Where(i => i % 3 == 0).Select(Id), "2024-06-01 00:00:00");
        using var store = Fixture.Open();

        var failedOpen = store.StreamJobs(new JobQuery(new[] { "failed" }), 7).Select(j => j.Id).ToList();
        var failedAll = store.StreamJobs(new JobQuery(new[] { "failed" }, IncludeCleaned: true), 7).Select(j => j.Id).ToList();

        Assert.Equal(Enumerable.Range(50, 50).Where(i => i % 3 == 0).Select(Id), failedOpen);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 3 == 0).Select(Id), failedAll);
    }

    [ContractFact]
    public void Rows_are_read_with_every_mapped_field()
    {
        Fixture.CreateJobs(new[]
        {
            new JobRow("job-x", "completed", "2024-01-02T03:04:05Z", "x.tif", "eemt_full", "2024-02-01 00:00:00"),
            new JobRow("job-y", "cancelled", null),
        }, migrated: true);
        using var store = Fixture.Open();

        var jobs = store.StreamJobs(new JobQuery(IncludeCleaned: true), 10).ToList();

        Assert.Equal(2, jobs.Count);
        var x = jobs[0];
        Assert.Equal(("job-x", "eemt_full", "completed", JobStatus.Completed, "x.tif", "2024-02-01 00:00:00"), (x.Id, x.WorkflowType, x.RawStatus, x.Status, x.DemFilename, x.DataCleanedAt));
        // The completion value is whatever the column holds (text, a timestamp); the evaluator must read the same instant.
        Assert.True(TimestampParser.TryParse(x.CompletedAt, out var completed), $"unreadable completion value {x.CompletedAt}");
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), completed);
        Assert.Equal(new JobRecord("job-y", "sol", "cancelled", JobStatus.Unknown, null, null, null), jobs[1]);
    }

    [ContractFact]
    public void Integer_ids_are_paged_in_numeric_order()
    {
        Fixture.CreateRuns(Enumerable.Range(1, 100).OrderBy(i => (i * 53) % 101));
        using var store = Fixture.Open(StoreFixture.RunsMapping());

        var jobs = store.StreamJobs(new JobQuery(), 7).ToList();

        Assert.Equal(Enumerable.Range(1, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal(JobStatus.Completed, j.Status));
        Assert.Equal(100, store.CountJobs(new JobQuery(new[] { "done" })));
    }
}
