using CleanupTools.Reports;
using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// The confirmation stage, on the calling thread: of a planned batch, the ids that cannot go (duplicates, gone, not
/// eligible any more, an unsafe path) are settled with their reasons, and each of the rest is put to the host's
/// ShouldProcess; what it approves goes on to the workers.
/// </summary>
internal sealed class JobConfirmation
{
    private readonly RunState _state;
    private readonly RunRecorder _recorder;

    public JobConfirmation(RunState state, RunRecorder recorder)
    {
        _state = state;
        _recorder = recorder;
    }

    /// <summary>The approved plans, in order; everything else is added to <paramref name="settled"/> (and settled at once if the host stops at errors).</summary>
    public IReadOnlyList<JobPlan> Confirm(IReadOnlyList<PlannedJob> batch, Settlement settled)
    {
        var host = _state.Host;
        var summary = _state.Summary;
        var approved = new List<JobPlan>();
        foreach (var (id, rows, planned) in batch)
        {
            summary.JobsConsidered++;
            if (rows > 1)
            {
                settled.Add(JobResults.Failed(id, JobStatus.Unknown, null, CleanupAction.Keep, JobIdDefects.Duplicate(id, rows)));
                _recorder.SettleNowIfStopping(settled);
                continue;
            }
            if (planned is not { } plan)
            {
                settled.Add(JobResults.Failed(id, JobStatus.Unknown, null, CleanupAction.Keep, new OperationError("JobNotFound", ErrorKind.ObjectNotFound, $"Job '{id}' is not in the store.", id)));
                _recorder.SettleNowIfStopping(settled);
                continue;
            }
            var job = plan.Job;
            if (!plan.Decision.IsEligible)
            {
                host.WriteVerbose($"Job {id}: skipped at deletion time; {plan.Decision.Reason}.");
                if (plan.Decision.Action == CleanupAction.Held) summary.JobsHeld++; else summary.JobsSkipped++;
                settled.Add((JobResults.Skipped(plan), null));
                continue;
            }
            if (plan.PathProblem is not null)
            {
                var failure = JobResults.Failed(id, job.Status, plan.Decision.CompletedAt, plan.Decision.Action, new OperationError("UnsafeJobPath", ErrorKind.SecurityError, plan.PathProblem, id));
                var now = _state.Now;
                // Written to the row (never its cleaned mark) so the store itself explains why the job was left.
                settled.Add(failure, new JobCleanupRecord(id, null, CleanupSummaryJson.For(failure.Result, plan.Decision.Policy, now)) { Evaluated = JobRowState.Of(job) },
                    _recorder.JobAudit(failure.Result, plan.Decision.Policy, now));
                _recorder.SettleNowIfStopping(settled);
                continue;
            }
            if (!_state.DryRun && !host.ShouldProcess(Describe(plan), ActionText(plan)))
            {
                summary.JobsDeclined++;
                continue;
            }
            host.WriteVerbose($"Job {id}: {(_state.DryRun ? "would clean" : "cleaning")} ({plan.Decision.Action}); {plan.Decision.Reason}.");
            foreach (var kept in plan.Kept) host.WriteVerbose($"Job {id}: {kept}.");
            approved.Add(plan);
        }
        return approved;
    }

    private static string Describe(JobPlan plan) =>
        $"{plan.Job.Id} ({plan.Job.RawStatus}, completed {plan.Decision.CompletedAt:u})";

    private static string ActionText(JobPlan plan) =>
        $"{(plan.Decision.Action == CleanupAction.DeleteAll ? "Delete all files" : plan.Decision.Action == CleanupAction.Quarantine ? "Quarantine data, keep record" : "Delete data, keep record")}: {string.Join(", ", plan.Targets.Select(t => t.Display))}";
}
