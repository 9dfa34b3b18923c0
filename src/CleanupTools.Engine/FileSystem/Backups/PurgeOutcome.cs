namespace CleanupTools.FileSystem.Backups;

/// <summary>One run directory a purge removed (or, measuring only, would remove), with what that freed.</summary>
public sealed record PurgedRun(string RunId, DateTimeOffset CreatedAt, int EntryCount, int UnlistedCount, long Bytes, long Files, long Directories, IReadOnlyList<string> Errors);

/// <summary>
/// What a purge removed, and the runs it kept because their manifest could not be trusted (a human decides
/// about those: an unreadable manifest gives no age, and guessing one could delete a fresh backup).
/// </summary>
public sealed class PurgeOutcome
{
    public required IReadOnlyList<PurgedRun> Purged { get; init; }
    public required IReadOnlyList<BackupManifest> KeptUnreadable { get; init; }
    public long Bytes => Purged.Sum(r => r.Bytes);
    public bool Succeeded => Purged.All(r => r.Errors.Count == 0);
}
