namespace CleanupTools;

/// <summary>Usage of one storage root. Type name is stable: CleanupTools.StorageStat.</summary>
public sealed class StorageStat
{
    /// <summary>results, uploads or temp.</summary>
    public required string Root { get; init; }
    public required string Path { get; init; }
    public bool Exists { get; init; }
    public long Bytes { get; init; }
    public long Files { get; init; }
    public long Directories { get; init; }
    public long FileSystemTotalBytes { get; init; }
    public long FileSystemFreeBytes { get; init; }
    public double UsagePercent { get; init; }
    public StorageHealth Health { get; init; }
    /// <summary>Bytes under this root that the current policy would delete now.</summary>
    public long ReclaimableBytes { get; init; }
}
