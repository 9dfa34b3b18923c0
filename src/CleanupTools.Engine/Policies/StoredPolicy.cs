namespace CleanupTools.Policies;

/// <summary>
/// A row of the cleanup_policies table: a whole policy definition. For a built-in policy it replaces the
/// default definition; any other row is an admin's own policy.
/// </summary>
public sealed record StoredPolicy(
    string Name,
    TimeSpan Retention,
    bool Enabled,
    string? Description,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy)
{
    public PolicyTargetKind TargetKind { get; init; } = PolicyTargetKind.JobStatus;
    public JobStatus? Status { get; init; }
    public DataComponent? Component { get; init; }
    public string? Root { get; init; }
    public IReadOnlyList<string> Patterns { get; init; } = Array.Empty<string>();
    public string? MatchStatus { get; init; }
    /// <summary>Null in rows written before actions were stored: the built-in default applies.</summary>
    public CleanupAction? Action { get; init; }
    public int? KeepNewest { get; init; }
    public bool KeepNewestPerWorkflow { get; init; }

    /// <summary>Built from a policy as it resolves now, stamped with who changed it and when.</summary>
    public static StoredPolicy From(RetentionPolicy policy, DateTimeOffset at, string by) =>
        new(policy.Name, policy.Retention, policy.Enabled, policy.Description, at, by)
        {
            TargetKind = policy.TargetKind,
            Status = policy.Status,
            Component = policy.Component,
            Root = policy.Root,
            Patterns = policy.Patterns,
            MatchStatus = policy.MatchStatus,
            Action = policy.Action,
            KeepNewest = policy.KeepNewest,
            KeepNewestPerWorkflow = policy.KeepNewestPerWorkflow,
        };

    // Records compare lists by reference; stored rows are compared by content in tests and change detection.
    public bool Equals(StoredPolicy? other) => other is not null
        && Name == other.Name && Retention == other.Retention && Enabled == other.Enabled && Description == other.Description
        && UpdatedAt == other.UpdatedAt && UpdatedBy == other.UpdatedBy && TargetKind == other.TargetKind && Status == other.Status
        && Component == other.Component && Root == other.Root && Patterns.SequenceEqual(other.Patterns) && MatchStatus == other.MatchStatus
        && Action == other.Action && KeepNewest == other.KeepNewest && KeepNewestPerWorkflow == other.KeepNewestPerWorkflow;

    public override int GetHashCode() => HashCode.Combine(Name, Retention, Enabled, TargetKind, Root);
}
