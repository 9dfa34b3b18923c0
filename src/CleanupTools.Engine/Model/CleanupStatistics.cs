namespace CleanupTools;

/// <summary>Totals over the audit trail (reference 001's --stats). Type name is stable: CleanupTools.CleanupStatistics.</summary>
public sealed class CleanupStatistics
{
    public DateTimeOffset? Since { get; init; }
    public int Runs { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    public int ItemsActedOn { get; init; }
    public int ItemsFailed { get; init; }
    /// <summary>Bytes deleted and bytes of purged backups: disk space given back.</summary>
    public long BytesFreed { get; init; }
    /// <summary>Bytes quarantined into the backup root: still on disk until their backup is purged (then counted as freed).</summary>
    public long BytesMoved { get; init; }
    public IReadOnlyList<CleanupAuditEntry> RecentRuns { get; init; } = Array.Empty<CleanupAuditEntry>();

    public double SpaceFreedMB => Math.Round(BytesFreed / 1048576.0, 1);
    public double SpaceMovedMB => Math.Round(BytesMoved / 1048576.0, 1);
}
