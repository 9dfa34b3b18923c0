using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// Which of the store's jobs a run queues: those the filter selects and their policy lets go (or lets a component of
/// go sooner). A held job is reported, as it would be at deletion time; a kept one is only mentioned.
/// </summary>
internal sealed class JobSelection
{
    private readonly RunState _state;
    private readonly RunReporter _reporter;

    public JobSelection(RunState state, RunReporter reporter)
    {
        _state = state;
        _reporter = reporter;
    }

    public bool Wanted(JobRecord job, CandidateFilter filter)
    {
        var context = _state.Context;
        var host = _state.Host;
        host.Cancellation.ThrowIfCancellationRequested();
        if (!filter.MatchesId(job.Id)) return false;
        var decision = context.Evaluator.Evaluate(job);
        if (!filter.MatchesAge(decision.Age)) return false;
        if (decision.IsEligible) return true;
        // Within its own retention, a job may still have a component whose policy lets it go sooner.
        if (decision.WithinRetention && context.Policies.AnyComponentPolicy && JobPlan.For(job, context).CanAct) return true;
        if (decision.Action == CleanupAction.Held)
        {
            // A held job is what would have gone: it is reported, as at deletion time, not merely passed over.
            _state.Summary.JobsHeld++;
            _reporter.Publish(new CleanupResult
            {
                JobId = job.Id, Target = job.Id, Policy = decision.Policy, Status = job.Status, CompletedAt = decision.CompletedAt,
                Action = CleanupAction.Held, Outcome = CleanupOutcome.Skipped, Reason = decision.Reason,
            }, null);
            return false;
        }
        host.WriteVerbose($"Job {job.Id}: kept; {decision.Reason}.");
        if (decision.UnreadableTimestamp) host.WriteWarning($"Job {job.Id}: {decision.Reason}.");
        return false;
    }
}
