namespace CleanupTools;

/// <summary>File-system health by usage percent (reference 004: warning at 85 %, emergency at 95 %).</summary>
public enum StorageHealth
{
    Healthy,
    Warning,
    Critical,
    /// <summary>The root does not exist, so no file system can be read for it.</summary>
    Missing,
}
