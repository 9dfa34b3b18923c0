using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// Results of one batch (or one item) not yet recorded and reported, with their row updates and audit rows: what the
/// act stage hands to <see cref="RunRecorder.Settle"/>.
/// </summary>
internal sealed class Settlement
{
    public List<(CleanupResult Result, OperationError? Error)> Results { get; } = new();
    public List<JobCleanupRecord> Records { get; } = new();
    public List<CleanupAuditEntry> Audit { get; } = new();

    /// <summary>A result with nothing to write: a skip, a duplicate id, a job not in the store.</summary>
    public void Add((CleanupResult Result, OperationError? Error) result) => Results.Add(result);

    /// <summary>A result with its audit row only (a path-class item has no row of its own).</summary>
    public void Add((CleanupResult Result, OperationError? Error) result, CleanupAuditEntry audit)
    {
        Results.Add(result);
        Audit.Add(audit);
    }

    public void Add((CleanupResult Result, OperationError? Error) result, JobCleanupRecord record, CleanupAuditEntry audit)
    {
        Results.Add(result);
        Records.Add(record);
        Audit.Add(audit);
    }

    public void Clear()
    {
        Results.Clear();
        Records.Clear();
        Audit.Clear();
    }
}
