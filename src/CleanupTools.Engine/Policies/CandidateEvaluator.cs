using System.Globalization;
using CleanupTools.Time;

namespace CleanupTools.Policies;

/// <summary>
/// Decides, for one job and one instant, whether a policy lets its data go. Pure: the same job, policies and
/// clock give the same verdict, which is what lets the run re-check a job at deletion time.
/// </summary>
public sealed class CandidateEvaluator
{
    private readonly RetentionPolicySet _policies;
    private readonly TimeProvider _clock;

    public CandidateEvaluator(RetentionPolicySet policies, TimeProvider clock)
    {
        _policies = policies;
        _clock = clock;
    }

    public RetentionPolicySet Policies => _policies;

    /// <summary>The holds in force; a run refreshes them before every batch, so a hold added mid-run still protects.</summary>
    public HoldSet Holds { get; set; } = HoldSet.None;

    /// <summary>The newest jobs of policies that keep the newest N; null when no policy does.</summary>
    public NewestLedger? Newest { get; set; }

    public JobDecision Evaluate(JobRecord job)
    {
        const string none = "none";
        if (job.Status is JobStatus.Running or JobStatus.Pending)
            return new JobDecision(CleanupAction.Keep, none, $"status {Describe(job)} is active; running and pending jobs are never cleaned", null, null);
        var policy = _policies.For(job.Status);
        if (policy is null)
            return new JobDecision(CleanupAction.Keep, none, $"status {Describe(job)} is not mapped to any policy; unknown statuses are never cleaned", null, null);

        if (!string.IsNullOrEmpty(job.DataCleanedAt))
            return new JobDecision(CleanupAction.Keep, policy.Name, $"already cleaned at {job.DataCleanedAt}", null, null);
        if (!policy.Enabled)
            return new JobDecision(CleanupAction.Keep, policy.Name, $"policy {policy.Name} is disabled", null, null);
        if (job.CompletedAt is null or DBNull || job.CompletedAt is string { Length: 0 })
            return new JobDecision(CleanupAction.Keep, policy.Name, "no completed_at; a job without a completion time is never cleaned", null, null);
        if (!TimestampParser.TryParse(job.CompletedAt, out var completedAt))
            return new JobDecision(CleanupAction.Keep, policy.Name,
                $"completed_at '{Convert.ToString(job.CompletedAt, CultureInfo.InvariantCulture)}' is not a recognised timestamp; kept rather than guessed", null, null, UnreadableTimestamp: true);

        var now = _clock.GetUtcNow();
        var age = now - completedAt;
        if (age < TimeSpan.Zero)
            return new JobDecision(CleanupAction.Keep, policy.Name, $"completed_at {completedAt:u} is in the future; kept", completedAt, age);
        if (age >= policy.Retention && Newest?.Protects(policy, job, completedAt) is { } newest)
            return new JobDecision(CleanupAction.Keep, policy.Name, $"{job.Status.ToString().ToLowerInvariant()} {FormatAge(age)} ago, past the {policy.Name} retention of {FormatRetention(policy.Retention)}, but {newest}", completedAt, age);
        // A hold is looked at last, so that Held marks exactly the jobs that would otherwise go.
        if (age >= policy.Retention && Holds.ForJob(job.Id) is { } hold)
            return new JobDecision(CleanupAction.Held, policy.Name, $"past the {policy.Name} retention of {FormatRetention(policy.Retention)}, but {hold.Describe()}", completedAt, age);
        if (age >= policy.Retention)
            return new JobDecision(policy.Action, policy.Name,
                $"{job.Status.ToString().ToLowerInvariant()} {FormatAge(age)} ago, at or past the {policy.Name} retention of {FormatRetention(policy.Retention)}",
                completedAt, age);
        return new JobDecision(CleanupAction.Keep, policy.Name,
            $"{job.Status.ToString().ToLowerInvariant()} {FormatAge(age)} ago, within the {policy.Name} retention of {FormatRetention(policy.Retention)} (eligible from {(completedAt + policy.Retention):u})",
            completedAt, age) { WithinRetention = true };
    }

    internal static string FormatAge(TimeSpan age) => age.TotalHours >= 48
        ? $"{age.TotalDays.ToString("0.0", CultureInfo.InvariantCulture)} days"
        : $"{age.TotalHours.ToString("0.0", CultureInfo.InvariantCulture)} h";

    internal static string FormatRetention(TimeSpan retention) => retention.TotalHours % 24 == 0 && retention.TotalHours >= 24
        ? $"{retention.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} {(retention.TotalDays == 1 ? "day" : "days")} ({retention.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} h)"
        : $"{retention.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} h";

    private static string Describe(JobRecord job) => $"'{job.RawStatus}'";
}
