using CleanupTools.Configuration;
using CleanupTools.FileSystem.Backups;

namespace CleanupTools.FileSystem;

/// <summary>
/// Whether two configured directories overlap, lexically and after resolving links: roots the tool deletes
/// under (job roots, path-class roots, the backup root) must be kept apart, or cleaning one reaches another.
/// </summary>
public static class PathRelations
{
    /// <summary>Links allowed while resolving one path, as the kernel's own limit (ELOOP beyond it).</summary>
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>How two directories relate, lexically or once resolved, or null when they are apart.</summary>
    public static string? Relation(string path, string other) =>
        Overlap(path, other) ?? Overlap(Resolve(path), Resolve(other));

    /// <summary>How <paramref name="backup"/> relates to <paramref name="cleaned"/> ("is", "lies inside", "contains"), or null when they are apart.</summary>
    public static string? Overlap(string backup, string cleaned)
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
    public static string Resolve(string fullPath)
    {
        var hops = 0;
        return System.IO.Path.TrimEndingDirectorySeparator(Resolve(fullPath, ref hops));
    }

    /// <summary>
    /// Where an item is, as deletion reaches it: its directory resolved, its own name kept. The tool never follows
    /// a link it deletes, so a link is an item at its own path, not at its target's.
    /// </summary>
    public static string ResolveItem(string fullPath)
    {
        var trimmed = System.IO.Path.TrimEndingDirectorySeparator(fullPath);
        var directory = System.IO.Path.GetDirectoryName(trimmed);
        return directory is null ? trimmed : System.IO.Path.Join(Resolve(directory), System.IO.Path.GetFileName(trimmed));
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
