namespace CleanupTools.Stores;

/// <summary>A filter on the audit trail (Get-CleanupHistory, cleanuptools history); every part is optional.</summary>
public sealed record AuditQuery
{
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? JobId { get; init; }
    public string? RunId { get; init; }
    public string? Outcome { get; init; }
    public string? TargetKind { get; init; }
    /// <summary>At most this many rows, newest first.</summary>
    public int Limit { get; init; } = 1000;
}
