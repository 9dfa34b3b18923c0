using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// The directory quarantined entries are moved into. It is kept apart from every cleaned root in both
/// directions, lexically and after resolving links, because purging old backups deletes whole trees in it
/// and must never reach job data that is still live (and cleaning a root must never reach the backups).
/// </summary>
public sealed class BackupRoot
{
    /// <summary>Name of the backup directory the reference uses (/tmp/cleanup_backups).</summary>
    public const string DefaultDirectoryName = "cleanup_backups";

    private BackupRoot(string path, IReadOnlyList<StorageRoot> cleanedRoots)
    {
        Path = path;
        CleanedRoots = cleanedRoots;
    }

    public string Path { get; }

    /// <summary>The roots this backup root was checked against; restores only go back directly inside one of them.</summary>
    public IReadOnlyList<StorageRoot> CleanedRoots { get; }

    public static BackupRoot Create(string configuredPath, IEnumerable<StorageRoot> cleanedRoots)
    {
        var roots = cleanedRoots.ToList();
        // Same normalisation and basic refusals (blank, NUL, file-system root) as every storage root.
        var full = StorageRoot.Create("backup", configuredPath).Path;
        if (EntryStatus.Of(full).Kind == BackupEntryKind.File)
            throw new ConfigurationException($"The backup directory '{full}' is a file, not a directory.");
        var real = PathRelations.Resolve(full);
        if (System.IO.Path.GetPathRoot(real) == real)
            throw new ConfigurationException($"The backup directory '{full}' resolves to the file-system root '{real}'.");
        foreach (var root in roots)
        {
            var rootReal = PathRelations.Resolve(root.Path);
            if ((PathRelations.Overlap(full, root.Path) ?? PathRelations.Overlap(real, rootReal)) is { } relation)
                throw new ConfigurationException(
                    $"The backup directory '{full}' {relation} the {root.Name} directory '{root.Path}'" +
                    (real == full && rootReal == root.Path ? "" : $" (after resolving links: '{real}' and '{rootReal}')") +
                    "; purging backups could delete live job data, so they must be kept apart.");
        }
        return new BackupRoot(full, roots);
    }
}
