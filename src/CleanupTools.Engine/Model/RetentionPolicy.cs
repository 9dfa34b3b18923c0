namespace CleanupTools;

/// <summary>
/// One retention rule, with where its retention came from. Type name is stable: CleanupTools.RetentionPolicy.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>successful_jobs, failed_jobs (reference 000/002's keys), reference 001's data types, or an admin's own name.</summary>
    public required string Name { get; init; }
    public PolicyTargetKind TargetKind { get; init; } = PolicyTargetKind.JobStatus;
    /// <summary>The job status the policy applies to (job-status policies; component policies scoped to one status).</summary>
    public JobStatus? Status { get; init; }
    /// <summary>The job data component a component policy governs.</summary>
    public DataComponent? Component { get; init; }
    /// <summary>The directory a path class is matched under; null until an admin configures it.</summary>
    public string? Root { get; init; }
    /// <summary>A path class's glob patterns, relative to its root, with '/' separators.</summary>
    public IReadOnlyList<string> Patterns { get => _patterns; init => _patterns = TextList.Of(value); }
    private readonly TextList _patterns = new();
    /// <summary>For operation files: the value of the file's own status field this policy selects (failed, completed).</summary>
    public string? MatchStatus { get; init; }
    public required TimeSpan Retention { get; init; }
    public required CleanupAction Action { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>Keep this many of the newest items whatever their age (ties with the last one kept are kept too).</summary>
    public int? KeepNewest { get; init; }
    /// <summary>Count <see cref="KeepNewest"/> per workflow type instead of across the whole class.</summary>
    public bool KeepNewestPerWorkflow { get; init; }
    public string? Description { get; init; }
    /// <summary>Where the retention came from: Parameter, Environment, Stored or Default.</summary>
    public SettingSource Source { get; init; }
    /// <summary>Where the rest of the definition came from: Stored (cleanup_policies) or Default.</summary>
    public SettingSource DefinitionSource { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    /// <summary>What the policy applies to, for tables: completed, failed, logs, completed/logs, paths.</summary>
    public string Target => TargetKind switch
    {
        PolicyTargetKind.JobStatus => Status?.ToString().ToLowerInvariant() ?? "",
        PolicyTargetKind.Component => (Status is { } s ? s.ToString().ToLowerInvariant() + "/" : "") + Component?.ToString().ToLowerInvariant(),
        _ => "paths",
    };

    public double RetentionHours => Retention.TotalHours;
    public double RetentionDays => Retention.TotalDays;
}
