using CleanupTools.Configuration;

namespace CleanupTools.FileSystem;

/// <summary>
/// One entry a job owns directly inside a storage root (a directory, a file or a link), or a path class entry
/// further down, whose Name is then its '/'-separated root-relative path (see PathClasses.PathClassEntry.ToTarget);
/// the walkers reach such an entry one real directory at a time and refuse any link on the way.
/// </summary>
public sealed record DeletionTarget(StorageRoot Root, string Name, string FullPath)
{
    /// <summary>The path as reference 000's reports show it: the root's logical name, then the entry.</summary>
    public string Display => $"{Root.Name}/{Name}";
}
