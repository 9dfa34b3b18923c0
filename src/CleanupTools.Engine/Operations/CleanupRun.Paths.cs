using CleanupTools.FileSystem;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>Path classes in a run: what their policies let go, in batches, re-checked, confirmed, deleted, then audited.</summary>
public sealed partial class CleanupRun
{
    /// <summary>Path classes are part of a whole-store run, not of one narrowed to job statuses or ids.</summary>
    private static bool IncludesPaths(CandidateFilter filter) => filter.Statuses is null && filter.JobIdPatterns is not { Count: > 0 };

    /// <summary>What the path classes' policies let go, in batches: re-checked, confirmed, deleted, then recorded.</summary>
    private void RunPaths(CandidateFilter filter)
    {
        if (_context.Settings.Quarantine && !_readOnly)
            _host.WriteVerbose("Quarantine applies to job data; path classes delete what their policies let go.");
        var batch = new List<PathPlan>();
        foreach (var plan in PathClassPlanner.Plan(_context, _host))
        {
            _host.Cancellation.ThrowIfCancellationRequested();
            if (!filter.MatchesAge(plan.Decision.Age)) continue;
            if (!plan.CanAct)
            {
                _host.WriteVerbose($"{plan.Entry.FullPath}: kept; {plan.Decision.Reason}.");
                continue;
            }
            batch.Add(plan);
            if (batch.Count >= _context.Settings.BatchSize) FlushPaths(batch);
        }
        FlushPaths(batch);
    }

    private void FlushPaths(List<PathPlan> batch)
    {
        if (batch.Count == 0) return;
        _context.RefreshHolds();
        var audit = new List<CleanupAuditEntry>();
        var results = new List<(CleanupResult, OperationError?)>();
        foreach (var planned in batch)
        {
            var plan = PathClassPlanner.Recheck(_context, planned);
            if (plan is null || !plan.CanAct)
            {
                _host.WriteVerbose($"{planned.Entry.FullPath}: skipped at deletion time; {plan?.Decision.Reason ?? "it is gone, or no pattern matches it any more"}.");
                continue;
            }
            DeletionTarget target;
            try
            {
                target = plan.Entry.ToTarget(plan.Root);
            }
            catch (UnsafePathException e)
            {
                var failure = PathResult(plan, CleanupOutcome.Failed, 0, new[] { e.Message });
                results.Add((failure, new OperationError("UnsafePath", ErrorKind.SecurityError, e.Message, plan.Entry.FullPath)));
                if (!_readOnly) audit.Add(PathAudit(failure));
                if (_host.StopsAtFirstError) SettlePaths(results, audit);
                continue;
            }
            if (!_dryRun && !_host.ShouldProcess($"{plan.Entry.FullPath} ({plan.Policy}, modified {plan.Decision.CompletedAt:u})", $"Delete ({plan.Decision.Reason})"))
            {
                Summary.JobsDeclined++;
                continue;
            }
            _host.WriteVerbose($"{plan.Entry.FullPath}: {(_dryRun ? "would delete" : "deleting")}; {plan.Decision.Reason}.");
            EnsureWritable();
            var outcome = SafeDeleter.Delete(target, measureOnly: _dryRun);
            var state = _dryRun ? CleanupOutcome.WouldDelete
                : outcome.Succeeded ? CleanupOutcome.Deleted
                : outcome.Tally.Bytes > 0 || outcome.Tally.Files > 0 ? CleanupOutcome.Partial
                : CleanupOutcome.Failed;
            var result = PathResult(plan, state, outcome.Tally.Bytes, outcome.Tally.Errors);
            results.Add((result, result.Errors.Count == 0 ? null
                : new OperationError("PathCleanupFailed", ErrorKind.WriteError, $"{plan.Entry.FullPath}: {string.Join("; ", result.Errors)}", plan.Entry.FullPath)));
            if (!_dryRun) audit.Add(PathAudit(result));
            // A host that stops at the first error gets each path recorded and reported before the next is touched.
            if (_host.StopsAtFirstError) SettlePaths(results, audit);
        }
        batch.Clear();
        SettlePaths(results, audit);
    }

    private static CleanupResult PathResult(PathPlan plan, CleanupOutcome outcome, long bytes, IReadOnlyList<string> errors) => new()
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

    private CleanupAuditEntry PathAudit(CleanupResult result) =>
        _identity.Entry(CleanupAuditEntry.PathTarget, result.Target, _context.Clock.GetUtcNow(), result.Action.ToString(), result.BytesFreed, result.Outcome.ToString(),
            jobId: null, result.Policy, result.Errors.Count == 0 ? null : string.Join("; ", result.Errors));

    /// <summary>
    /// Takes one path-class item given from outside (a path candidate from the pipeline): re-evaluated under its
    /// policy when the input ends, and refused unless it still lies inside that policy's root.
    /// </summary>
    public void AddPath(string fullPath, string policy)
    {
        if (_seen.Add("path:" + fullPath)) _externalPaths.Add((fullPath, policy));
    }

    private void RunExternalPaths()
    {
        Prepare();
        var plans = new List<PathPlan>();
        foreach (var (path, policyName) in _externalPaths)
        {
            if (_context.Policies.Named(policyName) is not { TargetKind: PolicyTargetKind.PathClass, Root: { } root }
                || PathClassPlanner.Entry(_context, root, path) is not { } entry
                || PathClassPlanner.Recheck(_context, new PathPlan(entry, _context.PathClassRoot(policyName, root), policyName, new Policies.JobDecision(CleanupAction.Keep, policyName, "", null, null))) is not { } plan)
            {
                Publish(new CleanupResult
                {
                    JobId = null, TargetKind = CleanupItemKind.Path, Target = path, Policy = policyName, Status = JobStatus.Unknown,
                    Action = CleanupAction.Keep, Outcome = CleanupOutcome.Failed, Errors = new[] { "not an entry of that policy's root, or gone" },
                    Reason = $"{path} is not an entry the path class {policyName} matches under its root (or it is gone)",
                }, new OperationError("PathNotFound", ErrorKind.ObjectNotFound, $"{path} is not an entry the path class {policyName} matches under its root, or it is gone.", path));
                continue;
            }
            plans.Add(plan);
        }
        if (!_guard.Allowed)
        {
            var given = plans.Select(p => p.Entry.FullPath).ToHashSet(StringComparer.Ordinal);
            foreach (var plan in PathClassPlanner.Plan(_context, _host, report: false))
            {
                _guard.AddTotal(plan.Policy);
                if (plan.CanAct && given.Contains(plan.Entry.FullPath)) _guard.AddRemoved(plan.Policy);
            }
            Judge();
        }
        foreach (var chunk in plans.Chunk(_context.Settings.BatchSize)) FlushPaths(chunk.ToList());
        _externalPaths.Clear();
    }

    /// <summary>Act, then record: a run killed in between leaves files gone and unrecorded, never recorded and present.</summary>
    private void SettlePaths(List<(CleanupResult Result, OperationError? Error)> results, List<CleanupAuditEntry> audit)
    {
        if (!_readOnly && audit.Count > 0)
        {
            _context.Store.AppendAudit(audit);
            _recordedAny = true;
        }
        audit.Clear();
        ReportMigrations();
        var settled = results.ToArray();
        results.Clear();
        foreach (var (result, error) in settled) Publish(result, error);
    }
}
