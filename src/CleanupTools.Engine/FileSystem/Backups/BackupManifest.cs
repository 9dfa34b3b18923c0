namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One run directory of a backup root. A run whose manifest is missing or unreadable carries an
/// <see cref="Error"/> (and no <see cref="CreatedAt"/>) and is never purged automatically.
/// <see cref="Unlisted"/> names what is on disk but not in the manifest ("results/job-7"): a run killed
/// between moving an entry and recording it leaves exactly that.
/// </summary>
public sealed record BackupManifest(
    string RunId,
    string RunDirectory,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<BackupEntry> Entries,
    IReadOnlyList<string> Unlisted,
    string? Error);
