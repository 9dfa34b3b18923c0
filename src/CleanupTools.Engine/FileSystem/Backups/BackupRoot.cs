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

    /// <summary>Links allowed while resolving one path, as the kernel's own limit (ELOOP beyond it).</summary>
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

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
        var real = Resolve(full);
        if (System.IO.Path.GetPathRoot(real) == real)
            throw new ConfigurationException($"The backup directory '{full}' resolves to the file-system root '{real}'.");
        foreach (var root in roots)
        {
            var rootReal = Resolve(root.Path);
            if ((Overlap(full, root.Path) ?? Overlap(real, rootReal)) is { } relation)
                throw new ConfigurationException(
                    $"The backup directory '{full}' {relation} the {root.Name} directory '{root.Path}'" +
                    (real == full && rootReal == root.Path ? "" : $" (after resolving links: '{real}' and '{rootReal}')") +
                    "; purging backups could delete live job data, so they must be kept apart.");
        }
        return new BackupRoot(full, roots);
    }

    /// <summary>How <paramref name="backup"/> relates to <paramref name="cleaned"/>, or null when they are apart.</summary>
    private static string? Overlap(string backup, string cleaned)
    {
        if (string.Equals(backup, cleaned, PathComparison)) return "is";
        // With a trailing separator /data/results2 is not inside /data/results.
        if (WithSeparator(backup).StartsWith(WithSeparator(cleaned), PathComparison)) return "lies inside";
        if (WithSeparator(cleaned).StartsWith(WithSeparator(backup), PathComparison)) return "contains";
        return null;
    }

    private static string WithSeparator(string path) => System.IO.Path.TrimEndingDirectorySeparator(path) + System.IO.Path.DirectorySeparatorChar;

    /// <summary>
    /// realpath semantics on the part of the path that exists: every link component is replaced by its target
    /// (relative targets against the already resolved parent, '..' taken physically), the missing rest appended.
    /// </summary>
    internal static string Resolve(string fullPath)
    {
        var hops = 0;
        return System.IO.Path.TrimEndingDirectorySeparator(Resolve(fullPath, ref hops));
    }

    private static string Resolve(string path, ref int hops)
    {
        var root = System.IO.Path.GetPathRoot(path)!;
        var current = root;
        var parts = path[root.Length..].Split(
            new[] { System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        var missing = false;
        foreach (var part in parts)
        {
            if (part == ".") continue;
            if (part == "..")
            {
                // current has no links in it, so its lexical parent is its physical parent.
                current = System.IO.Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = System.IO.Path.Join(current, part);
            if (!missing)
            {
                var status = EntryStatus.Of(next);
                if (status.Kind == BackupEntryKind.Link && new FileInfo(next).LinkTarget is { } target)
                {
                    if (++hops > MaxLinkHops)
                        throw new ConfigurationException($"Too many levels of symbolic links resolving '{path}'.");
                    next = Resolve(System.IO.Path.IsPathRooted(target) ? target : System.IO.Path.Join(current, target), ref hops);
                }
                else if (status.Kind is null)
                {
                    missing = true; // nothing below a missing component can be a link yet
                }
            }
            current = next;
        }
        return current;
    }
}
