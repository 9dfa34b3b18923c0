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
    /// <summary>Kept only because the job is younger than its policy's retention: a component policy with a shorter one may still act.</summary>
    public bool WithinRetention { get; init; }

    public bool IsEligible => Action is CleanupAction.DeleteData or CleanupAction.DeleteAll or CleanupAction.Quarantine;
}
