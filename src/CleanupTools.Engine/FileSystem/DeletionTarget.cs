using CleanupTools.Configuration;

namespace CleanupTools.FileSystem;

/// <summary>One entry directly inside a storage root that a job owns (a directory, a file or a link).</summary>
public sealed record DeletionTarget(StorageRoot Root, string Name, string FullPath)
{
    /// <summary>The path as reference 000's reports show it: the root's logical name, then the entry.</summary>
    public string Display => $"{Root.Name}/{Name}";
}
