using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The feed of the job stages on its own: batches of BatchSize, each id once per batch, progress after each batch; a
/// full batch is handed on without waiting for it (the batch before may still be being deleted), the flush waits for all.
/// </summary>
public sealed class JobQueueTests
{
    private readonly List<string[]> _batches = new();
    private readonly RecordingHost _host = new();
    private int _finished;

    private JobQueue Queue(int batchSize) =>
        new(ids => _batches.Add(ids.ToArray()), () => _finished++, batchSize, new ProgressReporter(_host, "Cleaning up job data"));

    [Fact]
    public void Only_the_flush_waits_for_the_batches_handed_on_to_finish()
    {
        var queue = Queue(batchSize: 2);

        foreach (var id in new[] { "a", "b", "c", "d" }) queue.Enqueue(id);
        Assert.Equal((2, 0), (_batches.Count, _finished));
        queue.Flush();

        Assert.Equal((2, 1), (_batches.Count, _finished));
    }

    [Fact]
    public void Ids_go_on_in_batches_of_the_batch_size_and_the_rest_at_the_flush()
    {
        var queue = Queue(batchSize: 2);

        foreach (var id in new[] { "a", "b", "c", "d", "e" }) queue.Enqueue(id);
        Assert.Equal(2, _batches.Count);
        queue.Flush();
        queue.Flush();

        Assert.Equal(new[] { new[] { "a", "b" }, new[] { "c", "d" }, new[] { "e" } }, _batches);
    }

    [Fact]
    public void An_id_queued_twice_within_a_batch_goes_on_once()
    {
        var queue = Queue(batchSize: 3);

        foreach (var id in new[] { "a", "a", "b" }) queue.Enqueue(id);

        Assert.Equal(new[] { "a", "b" }, Assert.Single(_batches));
    }

    [Fact]
    public void Progress_counts_the_jobs_handed_on_against_the_total_and_closes_at_the_end()
    {
        var queue = Queue(batchSize: 10);
        queue.Total = 20;

        for (var i = 0; i < 20; i++) queue.Enqueue($"job-{i}");
        queue.Complete();

        Assert.Equal(new[] { "10 of 20 jobs", "20 of 20 jobs", "Done" }, _host.Progress.Select(p => p.Status));
        Assert.True(_host.Progress[^1].Completed);
    }
}
