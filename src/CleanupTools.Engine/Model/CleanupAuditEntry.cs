namespace CleanupTools;

/// <summary>
/// One row of the cleanup_audit table (reference 001's name): a run, or one item a run acted on.
/// Type name is stable: CleanupTools.CleanupAuditEntry.
/// </summary>
public sealed class CleanupAuditEntry
{
    // The TargetKind values, as stored in cleanup_audit.item_kind.
    public const string RunTarget = "run";
    public const string JobTarget = "job";
    public const string PathTarget = "path";
    public const string BackupTarget = "backup";

    public long Id { get; init; }
    public required string RunId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public string? User { get; init; }
    public string? Host { get; init; }
    public required CleanupTrigger Trigger { get; init; }
    /// <summary>run, job, path or backup (column item_kind, JSON item_kind).</summary>
    public required string TargetKind { get; init; }
    /// <summary>
    /// The run id, the job id, or the path acted on (column item, JSON item). Not named Item: on an array PowerShell
    /// resolves .Item to the array's own IList.Item instead of enumerating each entry's value.
    /// </summary>
    public required string Target { get; init; }
    public string? JobId { get; init; }
    public string? Policy { get; init; }
    /// <summary>What was done: DeleteData, DeleteAll, Quarantine, Restore, PurgeBackup, Run.</summary>
    public required string Action { get; init; }
    /// <summary>The bytes the row's action acted on: deleted, purged, moved (Quarantine) or put back (Restore); a run's: those it freed.</summary>
    public long Bytes { get; init; }
    /// <summary>
    /// Deleted, Partial, Failed, Quarantined, Restored, Purged; Changed after one of those when the job's row changed
    /// while it was being cleaned (the row is then left unmarked); for a run: Completed, CompletedWithErrors or Stopped.
    /// </summary>
    public required string Outcome { get; init; }
    public string? Error { get; init; }

    public double SizeMB => Math.Round(Bytes / 1048576.0, 1);

    /// <summary>
    /// The part of <see cref="Bytes"/> given back to the disk: a deletion's, a purge's, a run's (its deletions'). A quarantine
    /// only moved its bytes into the backup root, and a restore put them back: neither freed anything.
    /// </summary>
    public long BytesFreed => Action is QuarantineAction or RestoreAction || Outcome == ChangedOutcome ? 0 : Bytes;

    /// <summary>The bytes a quarantine moved into the backup root, freed only when that backup is purged.</summary>
    public long BytesMoved => Action == QuarantineAction && Outcome != ChangedOutcome ? Bytes : 0;

    private const string QuarantineAction = nameof(CleanupAction.Quarantine);
    private const string RestoreAction = "Restore";
    private const string ChangedOutcome = "Changed";
}
