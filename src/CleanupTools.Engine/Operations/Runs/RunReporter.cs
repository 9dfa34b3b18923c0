namespace CleanupTools.Operations.Runs;

/// <summary>
/// The report stage: every result of a run, once recorded, is counted into the summary, written to the host (with its
/// error, if any) and handed to <see cref="ResultRecorded"/>. It never writes to the store: what it reports is already there.
/// </summary>
internal sealed class RunReporter
{
    private readonly CleanupRunSummary _summary;
    private readonly IOperationHost _host;

    public RunReporter(CleanupRunSummary summary, IOperationHost host)
    {
        _summary = summary;
        _host = host;
    }

    /// <summary>Invoked with every result after it is reported (the CLI streams them into its JSON report).</summary>
    public event Action<CleanupResult>? ResultRecorded;

    public void Publish(CleanupResult result, OperationError? error)
    {
        if (error is not null)
        {
            _summary.JobsWithErrors++;
            _summary.Errors.AddRange(result.Errors.Select(e => $"{result.JobId}: {e}"));
            _host.WriteError(error);
        }
        if (result.TargetKind == CleanupItemKind.Path)
        {
            if (result.Outcome is CleanupOutcome.Deleted or CleanupOutcome.Partial or CleanupOutcome.WouldDelete) _summary.PathsProcessed++;
            _summary.TotalBytesFreed += result.BytesFreed;
        }
        else if (result.Outcome is CleanupOutcome.Deleted or CleanupOutcome.Quarantined or CleanupOutcome.Partial or CleanupOutcome.WouldDelete)
        {
            if (result.Status == JobStatus.Completed) _summary.SuccessfulJobsProcessed++;
            if (result.Status == JobStatus.Failed) _summary.FailedJobsProcessed++;
            _summary.TotalBytesFreed += result.BytesFreed;
            _summary.TotalBytesMoved += result.BytesMoved;
            if (result.ConfigPreserved) _summary.ConfigsPreserved++; else _summary.ConfigsDeleted++;
        }
        _host.WriteObject(result);
        ResultRecorded?.Invoke(result);
    }
}
