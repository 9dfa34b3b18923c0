namespace CleanupTools.FileSystem.Backups;

/// <summary>How an entry travelled: one rename on the same file system, or a copy then a delete across file systems.</summary>
public enum MoveMethod
{
    None,
    Renamed,
    Copied,
}
