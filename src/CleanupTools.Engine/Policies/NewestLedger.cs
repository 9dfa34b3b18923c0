using CleanupTools.Time;

namespace CleanupTools.Policies;

/// <summary>
/// Which jobs are among the newest N of their policy (or of their policy and workflow type), whatever their age.
/// Built from one pass over the store's uncleaned jobs, keeping only N completion times per group, so memory
/// does not grow with the table. A job completed at the same instant as the Nth newest is kept too: which of
/// two tied jobs is "newer" would otherwise be an accident of row order.
/// </summary>
public sealed class NewestLedger
{
    private readonly Dictionary<(string Policy, string Workflow), PriorityQueue<DateTimeOffset, DateTimeOffset>> _groups = new();
    private readonly RetentionPolicySet _policies;

    private NewestLedger(RetentionPolicySet policies) => _policies = policies;

    public static NewestLedger Build(IEnumerable<JobRecord> jobs, RetentionPolicySet policies)
    {
        var ledger = new NewestLedger(policies);
        foreach (var job in jobs) ledger.Offer(job);
        return ledger;
    }

    private void Offer(JobRecord job)
    {
        if (!string.IsNullOrEmpty(job.DataCleanedAt)) return;
        if (_policies.For(job.Status) is not { KeepNewest: > 0 } policy) return;
        if (!TimestampParser.TryParse(job.CompletedAt, out var completedAt)) return;
        var key = Key(policy, job);
        if (!_groups.TryGetValue(key, out var newest)) _groups[key] = newest = new PriorityQueue<DateTimeOffset, DateTimeOffset>();
        if (newest.Count < policy.KeepNewest) newest.Enqueue(completedAt, completedAt);
        else if (completedAt > newest.Peek()) newest.EnqueueDequeue(completedAt, completedAt);
    }

    /// <summary>Why the job is kept as one of the newest, or null when it is not.</summary>
    public string? Protects(RetentionPolicy policy, JobRecord job, DateTimeOffset completedAt)
    {
        if (policy.KeepNewest is not { } n || n <= 0) return null;
        var scope = policy.KeepNewestPerWorkflow ? $" of workflow type '{job.WorkflowType ?? "(none)"}'" : "";
        // A group the ledger never saw (a job re-read after the pass) has fewer than N members: keep.
        if (!_groups.TryGetValue(Key(policy, job), out var newest) || newest.Count < n || completedAt >= newest.Peek())
            return $"one of the {n} newest {policy.Target} jobs{scope}, which {policy.Name} keeps whatever their age";
        return null;
    }

    private static (string, string) Key(RetentionPolicy policy, JobRecord job) =>
        (policy.Name, policy.KeepNewestPerWorkflow ? job.WorkflowType ?? "" : "");
}
