namespace CleanupTools.FileSystem;

/// <summary>Counts gathered by one walk of a tree; links count as files of zero bytes because they are never followed.</summary>
public sealed class TreeTally
{
    public long Bytes { get; set; }
    public long Files { get; set; }
    public long Directories { get; set; }
    public List<string> Errors { get; } = new();
}
