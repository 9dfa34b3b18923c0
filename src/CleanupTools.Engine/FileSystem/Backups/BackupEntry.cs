namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One quarantined entry as its run's manifest records it. <see cref="BackupPath"/> is relative to the run
/// directory; <see cref="LastWriteUtc"/> is the entry's own (lstat) time when it was moved, which a restore
/// compares against whatever now sits at <see cref="OriginalPath"/>. Only a <see cref="BackupEntryState.Moved"/>
/// entry is restored or trusted by a purge; the other states are intents a reconcile settles first.
/// </summary>
public sealed record BackupEntry(
    string Root,
    string Name,
    string OriginalPath,
    string BackupPath,
    string? JobId,
    string Policy,
    BackupEntryKind Kind,
    long Bytes,
    long Files,
    long Directories,
    DateTime LastWriteUtc,
    DateTimeOffset QuarantinedAt)
{
    public BackupEntryState State { get; init; } = BackupEntryState.Moved;

    /// <summary>Found in the run directory without a manifest entry (left by an older version killed mid-move) and listed since.</summary>
    public bool Adopted { get; init; }
}
