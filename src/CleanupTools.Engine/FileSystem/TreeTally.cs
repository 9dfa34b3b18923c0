namespace CleanupTools.FileSystem;

/// <summary>
/// Counts gathered by one walk of a tree. <see cref="Bytes"/> is what deleting frees on disk: allocated blocks
/// (a sparse file's holes free nothing), directories' own blocks included, and a hard-linked file's only when its
/// last link goes (when measuring: only when all its links are inside the walk). <see cref="ApparentBytes"/> sums
/// the files' lengths by the same rule, as ls shows them. A symbolic link counts as a file of zero bytes: it is
/// never followed. Where the platform reports no allocation (the managed walker) both are file lengths.
/// </summary>
public sealed class TreeTally
{
    public long Bytes { get; set; }
    public long ApparentBytes { get; set; }
    public long Files { get; set; }
    public long Directories { get; set; }
    public List<string> Errors { get; } = new();
}
