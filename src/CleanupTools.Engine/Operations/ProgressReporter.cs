namespace CleanupTools.Operations;

/// <summary>
/// Write-Progress for runs of more than a handful of jobs: percentages when the total is known, a running
/// count (percent -1) when jobs arrive from a pipeline of unknown length, and one Completed record at the end.
/// </summary>
internal sealed class ProgressReporter
{
    /// <summary>At or below this many jobs a progress bar would only flicker.</summary>
    public const int Handful = 5;

    private readonly IOperationHost _host;
    private readonly string _activity;
    private long _total;
    private long _reportedAt;
    private bool _shown;

    public ProgressReporter(IOperationHost host, string activity, long total = 0)
    {
        _host = host;
        _activity = activity;
        _total = total;
    }

    public long Total
    {
        get => _total;
        set => _total = value;
    }

    /// <summary>Reports <paramref name="done"/> jobs, at most about fifty times over a run.</summary>
    public void Report(long done)
    {
        if (_total > 0 ? _total <= Handful : done <= Handful) return;
        var step = Math.Max(1, _total / 50);
        if (_shown && done - _reportedAt < step) return;
        _reportedAt = done;
        _shown = true;
        _host.WriteProgress(_total > 0
            ? new OperationProgress(_activity, $"{done} of {_total} jobs", (int)Math.Min(99, done * 100 / _total))
            : new OperationProgress(_activity, $"{done} jobs", -1));
    }

    public void Complete()
    {
        if (_shown) _host.WriteProgress(new OperationProgress(_activity, "Done", 100, Completed: true));
        _shown = false;
    }
}
