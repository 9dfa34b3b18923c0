using CleanupTools.Reports;
using CleanupTools.Stores;
using CleanupTools.Time;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// One batch of job ids through the run's stages: plan (<see cref="RunPlanner"/>), confirm (<see cref="JobConfirmation"/>),
/// re-check and act (<see cref="JobActor"/>), record (<see cref="RunRecorder"/>), which hands to report
/// (<see cref="RunReporter"/>). Files go first and the record second, so a run killed in between leaves rows the next
/// run completes.
/// </summary>
internal sealed class JobBatch
{
    private readonly RunState _state;
    private readonly RunPlanner _planner;
    private readonly JobConfirmation _confirmation;
    private readonly JobActor _actor;
    private readonly RunRecorder _recorder;

    public JobBatch(RunState state, RunPlanner planner, JobConfirmation confirmation, JobActor actor, RunRecorder recorder)
    {
        _state = state;
        _planner = planner;
        _confirmation = confirmation;
        _actor = actor;
        _recorder = recorder;
    }

    public void Run(IReadOnlyCollection<string> ids)
    {
        _state.Host.Cancellation.ThrowIfCancellationRequested();
        var settled = new Settlement();
        var approved = _confirmation.Confirm(_planner.Plan(ids), settled);
        if (approved.Count > 0) _state.EnsureWritable();
        if (_state.Host.StopsAtFirstError)
        {
            // One job at a time, each recorded and reported before the next is touched: the host's stop at an
            // error then leaves exactly the jobs acted on so far, all of them recorded.
            _recorder.Settle(settled);
            foreach (var plan in approved)
            {
                Conclude(plan, _actor.ActOn(plan), _state.Now, settled);
                _recorder.Settle(settled);
            }
            return;
        }
        var acts = _actor.ActOn(approved);
        var now = _state.Now;
        for (var i = 0; i < approved.Count; i++) Conclude(approved[i], acts[i], now, settled);
        _recorder.Settle(settled);
    }

    /// <summary>Turns what was done to one job into its result, its row update and its audit row.</summary>
    private void Conclude(JobPlan plan, JobAct act, DateTimeOffset now, Settlement settled)
    {
        if (act.Refused is { } refused)
        {
            _state.Host.WriteVerbose($"Job {plan.Job.Id}: skipped at deletion time; {refused.Reason}.");
            _state.Summary.JobsSkipped++;
            settled.Add((JobResults.Skipped(plan, refused), null));
            return;
        }
        var result = JobResults.Acted(plan, act.Outcomes, act.Quarantined, _state.DryRun);
        var error = result.Errors.Count == 0 ? null
            : new OperationError("JobCleanupFailed", ErrorKind.WriteError, $"Job {result.JobId}: {string.Join("; ", result.Errors)}", result.JobId);
        // A dry run's record is never written: the recorder writes nothing for a read-only run.
        settled.Add((result, error), new JobCleanupRecord(plan.Job.Id, result.DataDeleted ? TimestampParser.ToStoreText(now) : null, CleanupSummaryJson.For(result, plan.Decision.Policy, now))
            {
                Evaluated = JobRowState.Of(plan.Job),
            },
            _recorder.JobAudit(result, plan.Decision.Policy, now));
    }
}
