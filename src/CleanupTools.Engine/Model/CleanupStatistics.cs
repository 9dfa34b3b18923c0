namespace CleanupTools;

/// <summary>Totals over the audit trail (reference 001's --stats). Type name is stable: CleanupTools.CleanupStatistics.</summary>
public sealed class CleanupStatistics
{
    public DateTimeOffset? Since { get; init; }
    public int Runs { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    public int ItemsActedOn { get; init; }
    public int ItemsFailed { get; init; }
    public long BytesFreed { get; init; }
    public IReadOnlyList<CleanupAuditEntry> RecentRuns { get; init; } = Array.Empty<CleanupAuditEntry>();

    public double SpaceFreedMB => Math.Round(BytesFreed / 1048576.0, 1);
}
