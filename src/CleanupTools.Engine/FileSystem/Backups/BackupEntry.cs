namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One quarantined entry as its run's manifest records it. <see cref="BackupPath"/> is relative to the run
/// directory; <see cref="LastWriteUtc"/> is the entry's own (lstat) time when it was moved, which a restore
/// compares against whatever now sits at <see cref="OriginalPath"/>.
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
    DateTimeOffset QuarantinedAt);
