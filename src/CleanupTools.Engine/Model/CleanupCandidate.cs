namespace CleanupTools;

/// <summary>
/// One job the policy considered: eligible ones carry a delete action, kept ones the rule that keeps them.
/// Type name is stable: CleanupTools.CleanupCandidate.
/// </summary>
public sealed class CleanupCandidate
{
    /// <summary>The job's id; null for a file a path class matched.</summary>
    public required string? JobId { get; init; }
    public CleanupItemKind TargetKind { get; init; } = CleanupItemKind.Job;
    /// <summary>
    /// The job id, or the full path of a path-class item (JSON item). Not named Item: on an array PowerShell resolves
    /// .Item to the array's own IList.Item instead of enumerating each candidate's value.
    /// </summary>
    public string Target => TargetKind == CleanupItemKind.Job ? JobId ?? "" : Paths.FirstOrDefault() ?? "";
    public required JobStatus Status { get; init; }
    public string? RawStatus { get; init; }
    public string? WorkflowType { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public TimeSpan? Age { get; init; }
    public required string Policy { get; init; }
    public required CleanupAction Action { get; init; }
    /// <summary>Full paths the action would delete (empty when kept).</summary>
    public IReadOnlyList<string> Paths { get => _paths; init => _paths = TextList.Of(value); }
    private readonly TextList _paths = new();
    /// <summary>Bytes under Paths, measured without following links; 0 for kept jobs.</summary>
    public long SizeBytes { get; init; }
    public required string Reason { get; init; }
    /// <summary>The store and roots this candidate was found in; a run it is piped into acts there.</summary>
    public StoreOrigin? Origin { get; init; }

    public bool IsEligible => Action is CleanupAction.DeleteData or CleanupAction.DeleteAll or CleanupAction.Quarantine;
}
