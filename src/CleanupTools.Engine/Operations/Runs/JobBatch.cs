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
    private InFlight? _inFlight;

    public JobBatch(RunState state, RunPlanner planner, JobConfirmation confirmation, JobActor actor, RunRecorder recorder)
    {
        _state = state;
        _planner = planner;
        _confirmation = confirmation;
        _actor = actor;
        _recorder = recorder;
    }

    /// <summary>One batch, start to end: when this returns, its files are gone, its rows recorded and its results reported.</summary>
    public void Run(IReadOnlyCollection<string> ids)
    {
        Start(ids);
        Finish();
    }

    /// <summary>
    /// Plans and confirms a batch, then has the workers delete it while this thread records and reports the batch
    /// before (whose deletion it waited for first): the calling thread's store work overlaps the deletion instead of
    /// leaving the cores idle between batches. Still files first, record second, per batch; at most one batch is
    /// being deleted at a time, and <see cref="Finish"/> records the last one. Any error on the way records what was
    /// deleted before it is thrown.
    /// </summary>
    public void Start(IReadOnlyCollection<string> ids)
    {
        Settlement? acted = null;
        try
        {
            _state.Host.Cancellation.ThrowIfCancellationRequested();
            var settled = new Settlement();
            IReadOnlyList<JobPlan> approved;
            using (_state.Phases.Time(RunPhase.Plan))
            {
                approved = _confirmation.Confirm(_planner.Plan(ids), settled);
                if (approved.Count > 0) _state.EnsureWritable();
            }
            acted = TakeActed();
            if (_state.Host.StopsAtFirstError)
            {
                // One job at a time, each recorded and reported before the next is touched: the host's stop at an
                // error then leaves exactly the jobs acted on so far, all of them recorded.
                Settle(ref acted);
                _recorder.Settle(settled);
                foreach (var plan in approved)
                {
                    Conclude(plan, _actor.ActOn(plan), _state.Now, settled);
                    _recorder.Settle(settled);
                }
                return;
            }
            _inFlight = new InFlight(approved, _actor.Start(approved), settled);
            Settle(ref acted);
        }
        catch
        {
            // The error must not leave files deleted and unrecorded while their run goes on to end, nor hide itself.
            try
            {
                Settle(ref acted);
                Finish();
            }
            catch (Exception)
            {
                // What could not be recorded now is what a killed run leaves: the next run completes it.
            }
            throw;
        }
    }

    /// <summary>Waits for the batch being deleted, if any, and records and reports it.</summary>
    public void Finish()
    {
        var acted = TakeActed();
        Settle(ref acted);
    }

    /// <summary>Waits for the batch being deleted without recording it: for a run that ends by an error, before it lets go of its lock.</summary>
    public void Abandon()
    {
        var inFlight = _inFlight;
        _inFlight = null;
        try
        {
            inFlight?.Acts.Wait();
        }
        catch (AggregateException)
        {
            // Thrown to the caller already or not at all: what matters here is that no worker still deletes.
        }
    }

    private void Settle(ref Settlement? acted)
    {
        if (acted is null) return;
        var settled = acted;
        acted = null;
        _recorder.Settle(settled);
    }

    /// <summary>The batch being deleted, once its workers are done, concluded into its settlement (not yet recorded).</summary>
    private Settlement? TakeActed()
    {
        if (_inFlight is not { } inFlight) return null;
        _inFlight = null;
        IReadOnlyList<JobAct> acts;
        using (_state.Phases.Time(RunPhase.Wait)) acts = inFlight.Acts.GetAwaiter().GetResult();
        var now = _state.Now;
        for (var i = 0; i < inFlight.Approved.Count; i++) Conclude(inFlight.Approved[i], acts[i], now, inFlight.Settled);
        return inFlight.Settled;
    }

    private sealed record InFlight(IReadOnlyList<JobPlan> Approved, Task<IReadOnlyList<JobAct>> Acts, Settlement Settled);

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
