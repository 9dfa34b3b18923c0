using System.IO.Enumeration;
using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.FileSystem.PathClasses;

/// <summary>
/// Lists what a path class's patterns match under its root, depth first and lazily: one directory listing is
/// open at a time, and only the names of subdirectories still to visit are held. No link is followed: a link
/// is an entry in its own right (matched by its own path), never a way into another directory. A matching
/// directory is reported once, as a whole, and not descended; nor is one below which no pattern could match.
/// </summary>
public static class PathClassScanner
{
    private static readonly EnumerationOptions ShallowAll = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    public static PathClassScan Scan(string rootFullPath, IReadOnlyList<GlobPattern> patterns, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (string.IsNullOrEmpty(rootFullPath) || rootFullPath.Contains('\0') || !Path.IsPathFullyQualified(rootFullPath))
            throw new ArgumentException($"The path class root '{rootFullPath}' must be a full path.", nameof(rootFullPath));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFullPath));
        if (Path.GetPathRoot(root) == root)
            throw new ArgumentException($"The path class root may not be a file-system root ('{root}').", nameof(rootFullPath));

        var refusal = CheckRoot(root, out var missing);
        return new PathClassScan(root, scan =>
        {
            scan.RootMissing = missing;
            if (refusal is not null) scan.Errors.Add(refusal);
            return missing || refusal is not null || patterns.Count == 0 ? Array.Empty<PathClassEntry>() : Walk(scan, patterns, cancellation);
        });
    }

    /// <summary>Why the root cannot be scanned, or null; a root that is not there is merely <paramref name="missing"/>.</summary>
    private static string? CheckRoot(string root, out bool missing)
    {
        missing = false;
        try
        {
            // The link bit comes from lstat: a link here, even one to a directory, could send the scan anywhere.
            var attributes = File.GetAttributes(root);
            if ((attributes & FileAttributes.ReparsePoint) != 0)
                return $"The path class root {root} is a symbolic link; refusing to scan through it (configure the real directory).";
            if ((attributes & FileAttributes.Directory) == 0)
                return $"The path class root {root} is not a directory.";
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            missing = true;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {root}: {e.Message}";
        }
    }

    private static IEnumerable<PathClassEntry> Walk(PathClassScan scan, IReadOnlyList<GlobPattern> patterns, CancellationToken cancellation)
    {
        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((scan.Root, ""));
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var (directory, relative) = pending.Pop();
            // Re-checked just before listing (the listing itself would follow a link): a directory swapped for a
            // link since its parent was read is skipped. The remaining race is closed at deletion time, where
            // PathClassEntry.ToTarget and the walkers refuse any link between the root and an entry.
            if (relative.Length > 0 && !IsRealDirectory(directory)) continue;

            var subdirectories = new List<(string, string)>();
            IEnumerator<(string Name, PathEntryKind Kind, long Length, DateTime Time)>? listing = null;
            try
            {
                listing = Open(directory).GetEnumerator();
            }
            catch (Exception e) when (e is DirectoryNotFoundException)
            {
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                scan.Errors.Add($"cannot read {directory}: {e.Message}");
                continue;
            }
            using (listing)
            {
                while (true)
                {
                    cancellation.ThrowIfCancellationRequested();
                    try
                    {
                        if (!listing.MoveNext()) break;
                    }
                    catch (Exception e) when (e is DirectoryNotFoundException)
                    {
                        break; // removed while listed: nothing left in it to match
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        scan.Errors.Add($"cannot read {directory}: {e.Message}");
                        break;
                    }
                    scan.Examined++;
                    var (name, kind, length, time) = listing.Current;
                    var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
                    var childFull = Path.Join(directory, name);
                    AssertInside(scan.Root, name, childFull);
                    var segments = childRelative.Split('/');
                    if (patterns.Any(p => p.Matches(segments)))
                        yield return new PathClassEntry(childFull, childRelative, kind, length, time);
                    else if (kind == PathEntryKind.Directory && patterns.Any(p => p.CouldMatchBelow(segments)))
                        subdirectories.Add((childFull, childRelative));
                }
            }
            // Reversed so the stack visits them in listing order.
            for (var i = subdirectories.Count - 1; i >= 0; i--) pending.Push(subdirectories[i]);
        }
    }

    private static FileSystemEnumerable<(string, PathEntryKind, long, DateTime)> Open(string directory) =>
        new(directory, (ref FileSystemEntry e) =>
        {
            // A link to a directory reports IsDirectory (that is its target): the link bit decides first.
            var kind = (e.Attributes & FileAttributes.ReparsePoint) != 0 ? PathEntryKind.Link
                : e.IsDirectory ? PathEntryKind.Directory : PathEntryKind.File;
            return (e.FileName.ToString(), kind, kind == PathEntryKind.File ? e.Length : 0, e.LastWriteTimeUtc.UtcDateTime);
        }, ShallowAll);

    private static bool IsRealDirectory(string path)
    {
        try
        {
            var attributes = File.GetAttributes(path);
            return (attributes & FileAttributes.ReparsePoint) == 0 && (attributes & FileAttributes.Directory) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Names come from the kernel's listing, so this cannot fail short of a bug; it guards the deleter regardless.</summary>
    private static void AssertInside(string root, string name, string full)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0') ||
            !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new UnsafePathException($"The listing of {root} produced '{StorageRoot.Printable(full)}', which is not plainly inside it.");
    }
}
