namespace CleanupTools.Policies;

/// <summary>The evaluator's verdict on one job, with the reason an admin reads in -Verbose or a preview.</summary>
public sealed record JobDecision(
    CleanupAction Action,
    string Policy,
    string Reason,
    DateTimeOffset? CompletedAt,
    TimeSpan? Age,
    bool UnreadableTimestamp = false)
{
    public bool IsEligible => Action is CleanupAction.DeleteData or CleanupAction.DeleteAll or CleanupAction.Quarantine;
}
