namespace CleanupTools.Operations.Runs;

/// <summary>
/// The feed of a run's job stages: ids queued one by one are handed on BatchSize at a time, each id once per batch,
/// with progress reported after every batch. What a batch goes through is the caller's (<see cref="JobBatch.Start"/>,
/// which may still be deleting a batch when it returns; <see cref="Flush"/> waits for that one and records it).
/// </summary>
internal sealed class JobQueue
{
    private readonly Action<IReadOnlyCollection<string>> _runBatch;
    private readonly Action _finish;
    private readonly int _batchSize;
    private readonly ProgressReporter _progress;
    private readonly List<string> _pending = new();
    private long _done;

    public JobQueue(Action<IReadOnlyCollection<string>> runBatch, Action finish, int batchSize, ProgressReporter progress)
    {
        _runBatch = runBatch;
        _finish = finish;
        _batchSize = batchSize;
        _progress = progress;
    }

    /// <summary>How many jobs the run expects, for percentages (0: unknown, a running count).</summary>
    public long Total
    {
        set => _progress.Total = value;
    }

    public void Enqueue(string jobId)
    {
        _pending.Add(jobId);
        if (_pending.Count >= _batchSize) Hand();
    }

    /// <summary>Hands on what is queued, however little, and waits until all of it is done and recorded.</summary>
    public void Flush()
    {
        Hand();
        _finish();
    }

    private void Hand()
    {
        if (_pending.Count == 0) return;
        var ids = _pending.Distinct(StringComparer.Ordinal).ToArray();
        _pending.Clear();
        _runBatch(ids);
        _done += ids.Length;
        _progress.Report(_done);
    }

    /// <summary>Closes the progress bar, if one was shown.</summary>
    public void Complete() => _progress.Complete();
}
