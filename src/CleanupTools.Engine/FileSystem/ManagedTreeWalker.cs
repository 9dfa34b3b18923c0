using System.IO.Enumeration;
using CleanupTools.Configuration;

namespace CleanupTools.FileSystem;

/// <summary>
/// The portable walker: .NET's enumeration and path-based deletes, checking the link bit of every entry and
/// re-checking a directory just before descending. Used where the descriptor-relative walker is unavailable.
/// .NET reports neither allocated blocks, link counts nor devices: sizes here are file lengths, and a mount
/// inside a tree is not told apart from a plain directory (on Windows one is a reparse point, never entered).
/// </summary>
internal sealed class ManagedTreeWalker : ITreeWalker
{
    private static readonly EnumerationOptions ShallowAll = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Deletes a target, or with <paramref name="measureOnly"/> reports what deleting it would free.</summary>
    public DeletionOutcome Delete(DeletionTarget target, bool measureOnly)
    {
        var tally = new TreeTally();
        if (UnsafeIntermediate(target, tally, out var gone) || gone)
            return SafeDeleter.Outcome(target, existed: !gone, isDirectory: false, isLink: false, measureOnly, tally);
        if (IsLink(target.FullPath))
        {
            if (measureOnly || Try(tally, target.FullPath, () => File.Delete(target.FullPath))) tally.Files++;
            return SafeDeleter.Outcome(target, existed: true, isDirectory: false, isLink: true, measureOnly, tally);
        }
        if (Directory.Exists(target.FullPath))
        {
            Walk(target.FullPath, measureOnly ? null : tally, tally);
            return SafeDeleter.Outcome(target, existed: true, isDirectory: true, isLink: false, measureOnly, tally);
        }
        if (File.Exists(target.FullPath))
        {
            long length;
            try
            {
                length = new FileInfo(target.FullPath).Length;
            }
            catch (IOException)
            {
                length = 0; // vanished between the checks: nothing left to free
            }
            if (measureOnly || Try(tally, target.FullPath, () => File.Delete(target.FullPath)))
            {
                tally.Files++;
                tally.Bytes += length;
                tally.ApparentBytes += length;
            }
            return SafeDeleter.Outcome(target, existed: true, isDirectory: false, isLink: false, measureOnly, tally);
        }
        return SafeDeleter.Outcome(target, existed: false, isDirectory: false, isLink: false, measureOnly, tally);
    }

    /// <summary>Sizes a whole tree without following links (storage statistics).</summary>
    public TreeTally Measure(string directory)
    {
        var tally = new TreeTally();
        // The root itself is trusted configuration (often a link to a data volume); nothing below it is followed.
        if (Directory.Exists(directory))
        {
            Walk(directory, deleteInto: null, tally);
            tally.Directories--; // the root itself is not content
        }
        return tally;
    }

    /// <summary>
    /// Depth-first walk; deletes children before their directory when <paramref name="deleteInto"/> is set. It keeps
    /// its own stack of listed directories instead of recursing, so no depth of tree can overflow the thread's stack.
    /// </summary>
    private static void Walk(string directory, TreeTally? deleteInto, TreeTally tally)
    {
        var stack = new Stack<(string Path, List<(string Path, bool IsDirectory, long Length)> Entries, int Next)>();
        if (List(directory, tally) is { } top) stack.Push((directory, top, 0));
        while (stack.Count > 0)
        {
            var (path, entries, next) = stack.Pop();
            if (next < entries.Count)
            {
                stack.Push((path, entries, next + 1));
                var (entry, isDirectory, length) = entries[next];
                // Re-checked just before descending: a directory swapped for a link since the listing is unlinked, not entered.
                if (isDirectory && !IsLink(entry))
                {
                    if (List(entry, tally) is { } children) stack.Push((entry, children, 0));
                    continue;
                }
                // Files and links alike are unlinked; only what really went is counted.
                if (deleteInto is null || Try(tally, entry, () => File.Delete(entry)))
                {
                    tally.Files++;
                    tally.Bytes += length;
                    tally.ApparentBytes += length;
                }
                continue;
            }
            if (deleteInto is null || Try(tally, path, () => Directory.Delete(path, recursive: false)))
                tally.Directories++;
        }
    }

    /// <summary>A directory's entries; null (with an error unless it vanished) when it cannot be read.</summary>
    private static List<(string Path, bool IsDirectory, long Length)>? List(string directory, TreeTally tally)
    {
        try
        {
            return new FileSystemEnumerable<(string, bool, long)>(directory,
                (ref FileSystemEntry e) =>
                {
                    // A link to a directory reports IsDirectory: check the link bit first, and never size a link's target.
                    var link = (e.Attributes & FileAttributes.ReparsePoint) != 0;
                    var dir = !link && e.IsDirectory;
                    return (e.ToFullPath(), dir, link || dir ? 0 : e.Length);
                }, ShallowAll).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            tally.Errors.Add($"cannot read {directory}: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// For a nested name (a path class entry, "a/b/c"): true, with an error, when a directory between the root
    /// and the target is a link or a file now; <paramref name="gone"/> when one is missing. Path-based deletes
    /// cannot pin the directories they pass through, so a swap after this check stays possible here; the
    /// descriptor-relative walker, used on Linux, has no such window.
    /// </summary>
    private static bool UnsafeIntermediate(DeletionTarget target, TreeTally tally, out bool gone)
    {
        gone = false;
        var components = target.Name.Split('/');
        if (components.Any(c => c.Length == 0 || c is "." or ".." || c.Contains('\0')))
        {
            tally.Errors.Add($"refusing {target.FullPath}: '{StorageRoot.Printable(target.Name)}' is not a plain relative path");
            return true;
        }
        var path = target.Root.Path;
        for (var i = 0; i < components.Length - 1; i++)
        {
            path = Path.Join(path, components[i]);
            if (IsLink(path) || File.Exists(path))
            {
                tally.Errors.Add($"refusing {target.FullPath}: {path} is no longer a real directory (a link or a file is there now)");
                return true;
            }
            if (!Directory.Exists(path))
            {
                gone = true;
                return false;
            }
        }
        return false;
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new DirectoryInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool Try(TreeTally tally, string path, Action delete)
    {
        try
        {
            delete();
            return true;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // Vanished while we worked: the goal (it is gone) is met, but nothing was freed by us.
            return false;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            tally.Errors.Add($"cannot delete {path}: {e.Message}");
            return false;
        }
    }
}
