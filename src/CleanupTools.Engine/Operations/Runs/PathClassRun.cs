using CleanupTools.FileSystem;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Policies;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// Path classes in a run: what their policies let go, in batches, each item re-checked, confirmed, deleted, then
/// audited through the same record and report stages as jobs.
/// </summary>
internal sealed class PathClassRun
{
    private readonly RunState _state;
    private readonly RunGuard _guard;
    private readonly RunRecorder _recorder;
    private readonly RunReporter _reporter;

    public PathClassRun(RunState state, RunGuard guard, RunRecorder recorder, RunReporter reporter)
    {
        _state = state;
        _guard = guard;
        _recorder = recorder;
        _reporter = reporter;
    }

    /// <summary>Path classes are part of a whole-store run, not of one narrowed to job statuses or ids.</summary>
    public static bool Includes(CandidateFilter filter) => filter.Statuses is null && filter.JobIdPatterns is not { Count: > 0 };

    /// <summary>What the path classes' policies let go, in batches: re-checked, confirmed, deleted, then recorded.</summary>
    public void Run(CandidateFilter filter)
    {
        var context = _state.Context;
        if (context.Settings.Quarantine && !_state.ReadOnly)
            _state.Host.WriteVerbose("Quarantine applies to job data; path classes delete what their policies let go.");
        var batch = new List<PathPlan>();
        foreach (var plan in PathClassPlanner.Plan(context, _state.Host))
        {
            _state.Host.Cancellation.ThrowIfCancellationRequested();
            if (!filter.MatchesAge(plan.Decision.Age)) continue;
            if (!plan.CanAct)
            {
                _state.Host.WriteVerbose($"{plan.Entry.FullPath}: kept; {plan.Decision.Reason}.");
                continue;
            }
            batch.Add(plan);
            if (batch.Count < context.Settings.BatchSize) continue;
            Flush(batch);
            batch.Clear();
        }
        Flush(batch);
    }

    /// <summary>
    /// Path-class items given from outside (path candidates from the pipeline): each re-evaluated under its policy,
    /// and refused unless it still lies inside that policy's root.
    /// </summary>
    public void RunGiven(IReadOnlyCollection<(string Path, string Policy)> given)
    {
        var context = _state.Context;
        var plans = new List<PathPlan>();
        foreach (var (path, policyName) in given)
        {
            if (context.Policies.Named(policyName) is not { TargetKind: PolicyTargetKind.PathClass, Root: { } root }
                || PathClassPlanner.Entry(context, root, path) is not { } entry
                || PathClassPlanner.Recheck(context, new PathPlan(entry, context.PathClassRoot(policyName, root), policyName, new JobDecision(CleanupAction.Keep, policyName, "", null, null))) is not { } plan)
            {
                _reporter.Publish(new CleanupResult
                {
                    JobId = null, TargetKind = CleanupItemKind.Path, Target = path, Policy = policyName, Status = JobStatus.Unknown,
                    Action = CleanupAction.Keep, Outcome = CleanupOutcome.Failed, Errors = new[] { "not an entry of that policy's root, or gone" },
                    Reason = $"{path} is not an entry the path class {policyName} matches under its root (or it is gone)",
                }, new OperationError("PathNotFound", ErrorKind.ObjectNotFound, $"{path} is not an entry the path class {policyName} matches under its root, or it is gone.", path));
                continue;
            }
            plans.Add(plan);
        }
        _guard.JudgePaths(plans);
        foreach (var chunk in plans.Chunk(context.Settings.BatchSize)) Flush(chunk);
    }

    private void Flush(IReadOnlyList<PathPlan> batch)
    {
        if (batch.Count == 0) return;
        var context = _state.Context;
        var host = _state.Host;
        var dryRun = _state.DryRun;
        context.RefreshHolds();
        var settled = new Settlement();
        foreach (var planned in batch)
        {
            var plan = PathClassPlanner.Recheck(context, planned);
            if (plan is null || !plan.CanAct)
            {
                host.WriteVerbose($"{planned.Entry.FullPath}: skipped at deletion time; {plan?.Decision.Reason ?? "it is gone, or no pattern matches it any more"}.");
                continue;
            }
            DeletionTarget target;
            try
            {
                target = plan.Entry.ToTarget(plan.Root);
            }
            catch (UnsafePathException e)
            {
                var failure = Result(plan, CleanupOutcome.Failed, 0, new[] { e.Message });
                settled.Add((failure, new OperationError("UnsafePath", ErrorKind.SecurityError, e.Message, plan.Entry.FullPath)), _recorder.PathAudit(failure));
                _recorder.SettleNowIfStopping(settled);
                continue;
            }
            if (!dryRun && !host.ShouldProcess($"{plan.Entry.FullPath} ({plan.Policy}, modified {plan.Decision.CompletedAt:u})", $"Delete ({plan.Decision.Reason})"))
            {
                _state.Summary.JobsDeclined++;
                continue;
            }
            host.WriteVerbose($"{plan.Entry.FullPath}: {(dryRun ? "would delete" : "deleting")}; {plan.Decision.Reason}.");
            _state.EnsureWritable();
            var outcome = SafeDeleter.Delete(target, measureOnly: dryRun);
            var state = dryRun ? CleanupOutcome.WouldDelete
                : outcome.Succeeded ? CleanupOutcome.Deleted
                : outcome.Tally.Bytes > 0 || outcome.Tally.Files > 0 ? CleanupOutcome.Partial
                : CleanupOutcome.Failed;
            var result = Result(plan, state, outcome.Tally.Bytes, outcome.Tally.Errors);
            // A read-only run's audit row is never written: the recorder writes nothing for it.
            settled.Add((result, result.Errors.Count == 0 ? null
                : new OperationError("PathCleanupFailed", ErrorKind.WriteError, $"{plan.Entry.FullPath}: {string.Join("; ", result.Errors)}", plan.Entry.FullPath)),
                _recorder.PathAudit(result));
            // A host that stops at the first error gets each path recorded and reported before the next is touched.
            _recorder.SettleNowIfStopping(settled);
        }
        _recorder.Settle(settled);
    }

    private static CleanupResult Result(PathPlan plan, CleanupOutcome outcome, long bytes, IReadOnlyList<string> errors) => new()
    {
        JobId = null,
        TargetKind = CleanupItemKind.Path,
        Target = plan.Entry.FullPath,
        Policy = plan.Policy,
        Status = JobStatus.Unknown,
        CompletedAt = plan.Decision.CompletedAt,
        Action = plan.Decision.Action,
        Outcome = outcome,
        DataDeleted = outcome == CleanupOutcome.Deleted,
        ConfigPreserved = false,
        FilesDeleted = outcome is CleanupOutcome.Deleted or CleanupOutcome.WouldDelete && plan.Entry.Kind != PathEntryKind.Directory ? new[] { $"{plan.Root.Name}/{plan.Entry.RelativePath}" } : Array.Empty<string>(),
        DirectoriesDeleted = outcome is CleanupOutcome.Deleted or CleanupOutcome.WouldDelete && plan.Entry.Kind == PathEntryKind.Directory ? new[] { $"{plan.Root.Name}/{plan.Entry.RelativePath}" } : Array.Empty<string>(),
        BytesFreed = bytes,
        Errors = errors,
        Reason = plan.Decision.Reason,
    };
}
