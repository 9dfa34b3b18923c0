using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.PathClasses;

/// <summary>
/// A file, link or directory under a path class root that matched one of its patterns. Length is the file's
/// own size (0 for links and directories: a directory is measured by the deleter's walk); LastWriteTimeUtc is
/// the entry's own time, a link's rather than its target's.
/// </summary>
public sealed record PathClassEntry(string FullPath, string RelativePath, PathEntryKind Kind, long Length, DateTime LastWriteTimeUtc)
{
    public string Name => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The deletion target for this entry, checked again now rather than trusted from the scan: the path must
    /// still spell root/relative exactly, and no directory between the root and the entry may be a link (one
    /// swapped in since the scan would redirect the delete outside the root). The walkers re-check the same
    /// thing component by component while deleting; this refuses early and loudly.
    /// </summary>
    /// <exception cref="UnsafePathException">The entry does not, or no longer, lie plainly inside <paramref name="root"/>.</exception>
    public DeletionTarget ToTarget(StorageRoot root)
    {
        var components = RelativePath.Split('/');
        foreach (var component in components)
        {
            if (component.Length == 0 || component is "." or ".." || component.Contains('\0'))
                throw new UnsafePathException($"The entry '{StorageRoot.Printable(RelativePath)}' is not a plain relative path; refusing to delete it under {root.Name}.");
        }
        var expected = Path.Join(root.Path, RelativePath.Replace('/', Path.DirectorySeparatorChar));
        if (!string.Equals(FullPath, expected, StringComparison.Ordinal) ||
            !FullPath.StartsWith(root.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new UnsafePathException($"The entry '{StorageRoot.Printable(FullPath)}' is not '{StorageRoot.Printable(RelativePath)}' inside {root.Path}; refusing to delete it.");

        var intermediate = root.Path;
        for (var i = 0; i < components.Length - 1; i++)
        {
            intermediate = Path.Join(intermediate, components[i]);
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(intermediate);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                break; // gone since the scan: the deleter will find nothing to remove
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UnsafePathException($"Cannot check '{intermediate}' before deleting '{FullPath}': {e.Message}");
            }
            // On Unix the link bit comes from lstat while Directory describes the target, so test the link bit first.
            if ((attributes & FileAttributes.ReparsePoint) != 0 || (attributes & FileAttributes.Directory) == 0)
                throw new UnsafePathException($"'{intermediate}' is no longer a real directory (a link or a file was put there since the scan); refusing to delete '{FullPath}' through it.");
        }
        return new DeletionTarget(root, RelativePath, FullPath);
    }
}
