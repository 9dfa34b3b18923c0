namespace CleanupTools;

/// <summary>
/// One row of the cleanup_audit table (reference 001's name): a run, or one item a run acted on.
/// Type name is stable: CleanupTools.CleanupAuditEntry.
/// </summary>
public sealed class CleanupAuditEntry
{
    public const string RunItem = "run";
    public const string JobItem = "job";
    public const string PathItem = "path";
    public const string BackupItem = "backup";

    public long Id { get; init; }
    public required string RunId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public string? User { get; init; }
    public string? Host { get; init; }
    public required CleanupTrigger Trigger { get; init; }
    /// <summary>run, job, path or backup.</summary>
    public required string ItemKind { get; init; }
    /// <summary>The run id, the job id, or the path acted on.</summary>
    public required string Item { get; init; }
    public string? JobId { get; init; }
    public string? Policy { get; init; }
    /// <summary>What was done: DeleteData, DeleteAll, Quarantine, Restore, PurgeBackup, Run.</summary>
    public required string Action { get; init; }
    public long Bytes { get; init; }
    /// <summary>Deleted, Partial, Failed, Quarantined, Restored, Purged; for a run: Completed, CompletedWithErrors or Stopped.</summary>
    public required string Outcome { get; init; }
    public string? Error { get; init; }

    public double SizeMB => Math.Round(Bytes / 1048576.0, 1);
}
