namespace CleanupTools.Policies;

/// <summary>
/// What Set-RetentionPolicy / `cleanuptools policy set` / an imported file asks to change in one policy; every
/// part left null stays as it is. A name no policy has creates one, which then needs a component or patterns.
/// </summary>
public sealed record PolicyChange
{
    public required string Name { get; init; }
    public TimeSpan? Retention { get; init; }
    public bool? Enabled { get; init; }
    public string? Description { get; init; }
    public CleanupAction? Action { get; init; }
    public int? KeepNewest { get; init; }
    public bool? KeepNewestPerWorkflow { get; init; }
    /// <summary>"Always keep the latest successful job of each workflow type": keep-newest 1, per workflow type.</summary>
    public bool KeepLatestPerWorkflow { get; init; }
    public DataComponent? Component { get; init; }
    public JobStatus? Status { get; init; }
    public string? Root { get; init; }
    public IReadOnlyList<string>? Patterns { get; init; }
    public string? MatchStatus { get; init; }
    /// <summary>Lets a zero retention be stored (it deletes everything of its class on the next run).</summary>
    public bool AllowMassDeletion { get; init; }

    public bool ChangesNothing => Retention is null && Enabled is null && Description is null && Action is null && KeepNewest is null
        && KeepNewestPerWorkflow is null && !KeepLatestPerWorkflow && Component is null && Status is null && Root is null && Patterns is null && MatchStatus is null;
}
