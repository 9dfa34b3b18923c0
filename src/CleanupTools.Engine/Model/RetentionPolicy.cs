namespace CleanupTools;

/// <summary>
/// One retention rule, with where its retention came from. Type name is stable: CleanupTools.RetentionPolicy.
/// </summary>
public sealed class RetentionPolicy
{
    /// <summary>successful_jobs or failed_jobs (reference 000/002's configuration keys).</summary>
    public required string Name { get; init; }
    /// <summary>The job status class the policy applies to.</summary>
    public required JobStatus Target { get; init; }
    public required TimeSpan Retention { get; init; }
    public required CleanupAction Action { get; init; }
    public bool Enabled { get; init; } = true;
    public string? Description { get; init; }
    public SettingSource Source { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    public double RetentionHours => Retention.TotalHours;
}
