namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One run directory a purge removed (or, measuring only, would remove), with what that freed. <see cref="AdoptedCount"/>
/// counts the entries among <see cref="EntryCount"/> that no manifest had listed until the purge's reconcile adopted them.
/// </summary>
public sealed record PurgedRun(string RunId, DateTimeOffset CreatedAt, int EntryCount, int AdoptedCount, long Bytes, long Files, long Directories, IReadOnlyList<string> Errors);

/// <summary>
/// What a purge removed, and the runs it kept because their manifest could not be trusted (a human decides
/// about those: an unreadable manifest gives no age, and guessing one could delete a fresh backup; an entry the
/// reconcile could not decide may be the only copy of a job's data). Each kept run's Error says why.
/// </summary>
public sealed class PurgeOutcome
{
    public required IReadOnlyList<PurgedRun> Purged { get; init; }
    public required IReadOnlyList<BackupManifest> KeptUnreadable { get; init; }
    /// <summary>The runs whose reconcile settled (or, measuring only, would settle) something, or could not.</summary>
    public IReadOnlyList<ReconcileOutcome> Reconciled { get; init; } = Array.Empty<ReconcileOutcome>();
    public long Bytes => Purged.Sum(r => r.Bytes);
    public bool Succeeded => Purged.All(r => r.Errors.Count == 0);
}
