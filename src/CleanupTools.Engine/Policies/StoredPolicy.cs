namespace CleanupTools.Policies;

/// <summary>A row of the cleanup_policies table.</summary>
public sealed record StoredPolicy(
    string Name,
    TimeSpan Retention,
    bool Enabled,
    string? Description,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy);
