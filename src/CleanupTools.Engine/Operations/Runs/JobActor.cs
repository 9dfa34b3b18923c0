using System.Diagnostics;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Backups;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// The act stage: approved jobs are re-checked on the worker about to act on each (<see cref="JobRecheck"/>), then
/// deleted on up to MaxWorkers workers, or moved into the run's backup one at a time (its manifest is rewritten after
/// each, in order). Workers write nothing to the host; its warnings come from the calling thread, before they start.
/// </summary>
internal sealed class JobActor
{
    private readonly RunState _state;
    private readonly JobRecheck _recheck;
    private BackupRun? _backup;
    private bool _emergencyWarned;

    public JobActor(RunState state, JobRecheck recheck)
    {
        _state = state;
        _recheck = recheck;
    }

    /// <summary>Acts on one job, on the calling thread (a host that stops at the first error gets one job at a time).</summary>
    public JobAct ActOn(JobPlan plan)
    {
        using var session = SafeDeleter.OpenSession();
        return RecheckThenAct(plan, Quarantines(plan), session);
    }

    /// <summary>Acts on a batch: deletions in parallel, then moves in order. One act per plan, in the plans' order.</summary>
    public IReadOnlyList<JobAct> ActOn(IReadOnlyList<JobPlan> approved) => ActOn(approved, approved.Select(Quarantines).ToArray());

    /// <summary>
    /// Starts acting on a batch and returns: a batch that only deletes is deleted on the workers while the calling
    /// thread goes on (records the batch before, plans the next); one that moves anything into a backup is acted on
    /// here and now. Whatever may write to the host (<see cref="Quarantines"/>) runs on the calling thread first.
    /// </summary>
    public Task<IReadOnlyList<JobAct>> Start(IReadOnlyList<JobPlan> approved)
    {
        var quarantined = approved.Select(Quarantines).ToArray();
        if (approved.Count == 0 || quarantined.Any(q => q)) return Task.FromResult(ActOn(approved, quarantined));
        return Task.Run(() => ActOn(approved, quarantined));
    }

    private IReadOnlyList<JobAct> ActOn(IReadOnlyList<JobPlan> approved, bool[] quarantined)
    {
        var acts = new JobAct[approved.Count];
        // Each worker opens the storage roots once for its share of the batch, not once per target.
        Parallel.For(0, approved.Count, new ParallelOptions { MaxDegreeOfParallelism = _state.Context.Settings.MaxWorkers }, SafeDeleter.OpenSession,
            (i, _, session) =>
            {
                if (!quarantined[i]) acts[i] = RecheckThenAct(approved[i], quarantine: false, session);
                return session;
            },
            session => session.Dispose());
        using var here = SafeDeleter.OpenSession();
        for (var i = 0; i < approved.Count; i++)
        {
            if (quarantined[i]) acts[i] = RecheckThenAct(approved[i], quarantine: true, here);
        }
        return acts;
    }

    /// <summary>
    /// Marks the run's last moves in its backup manifest (each job's intent write carries the marks of the one before).
    /// Null when all is marked; otherwise what could not be, which the next run's reconcile marks.
    /// </summary>
    public (string RunId, string Problem)? RecordMoves() =>
        _backup?.RecordMoves() is { } unrecorded ? (_backup.RunId, unrecorded) : null;

    /// <summary>
    /// Re-reads the job on this worker immediately before acting on it, and acts only if it still reads as evaluated
    /// and may still go. A dry run changes nothing, so it need not re-read.
    /// </summary>
    private JobAct RecheckThenAct(JobPlan plan, bool quarantine, DeletionSession session)
    {
        var started = Stopwatch.GetTimestamp();
        var refused = _state.DryRun ? null : _recheck.Check(plan);
        _state.Phases.AddSince(RunPhase.Recheck, started);
        if (refused is not null) return new JobAct(refused, Array.Empty<DeletionOutcome>(), quarantine);
        using var deleting = _state.Phases.Time(RunPhase.Delete);
        // A dry run measures what would move, moving nothing, so its preview reports those bytes as moved.
        var outcomes = quarantine && !_state.DryRun
            ? Quarantine(plan)
            : plan.Targets.Select(t => session.Delete(t, measureOnly: _state.DryRun)).ToArray();
        return new JobAct(null, outcomes, quarantine);
    }

    /// <summary>
    /// Whether a job's data moves into the backup root: a quarantine policy, or a run told to quarantine everything
    /// (two-stage cleanup). An emergency run deletes instead: moving data on a full disk frees nothing.
    /// </summary>
    private bool Quarantines(JobPlan plan)
    {
        if (plan.Decision.Action != CleanupAction.Quarantine && !_state.Context.Settings.Quarantine) return false;
        if (_state.Identity.Trigger != CleanupTrigger.Emergency) return true;
        if (!_emergencyWarned) _state.Host.WriteWarning("Emergency run: data that would be quarantined is deleted instead, since moving it on a full disk frees nothing.");
        _emergencyWarned = true;
        return false;
    }

    /// <summary>One job's targets, recorded in the run's manifest as one set of intents before the first is moved.</summary>
    private IReadOnlyList<DeletionOutcome> Quarantine(JobPlan plan)
    {
        _backup ??= BackupRun.Begin(_state.Context.BackupRoot, _state.Identity.RunId, _state.Summary.StartTime);
        return _backup.Quarantine(plan.Targets, plan.Job.Id, plan.Decision.Policy).Select(moved =>
        {
            var tally = new TreeTally { Bytes = moved.Bytes, Files = moved.Files, Directories = moved.Directories };
            tally.Errors.AddRange(moved.Errors);
            return new DeletionOutcome
            {
                Target = moved.Target,
                Existed = moved.Existed,
                WasDirectory = moved.Entry?.Kind == BackupEntryKind.Directory,
                WasLink = moved.Entry?.Kind == BackupEntryKind.Link,
                Removed = moved.Moved && moved.Succeeded,
                Tally = tally,
            };
        }).ToArray();
    }
}

/// <summary>What a worker did with one approved job: refused it at its re-check, or acted on it (moved, if quarantined).</summary>
internal readonly record struct JobAct(JobRecheckRefusal? Refused, IReadOnlyList<DeletionOutcome> Outcomes, bool Quarantined);
