namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One run directory of a backup root. A run whose manifest is missing or unreadable carries an
/// <see cref="Error"/> (and no <see cref="CreatedAt"/>) and is never purged automatically.
/// <see cref="Unlisted"/> names what is on disk but not in the manifest ("results/job-7"): versions that moved an
/// entry before recording it left exactly that when killed in between; <see cref="BackupReconciler"/> adopts it.
/// </summary>
public sealed record BackupManifest(
    string RunId,
    string RunDirectory,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<BackupEntry> Entries,
    IReadOnlyList<string> Unlisted,
    string? Error);
