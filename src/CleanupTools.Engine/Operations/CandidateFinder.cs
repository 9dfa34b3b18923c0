using CleanupTools.FileSystem;
using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>
/// The preview: evaluates every job the filter selects and emits one <see cref="CleanupCandidate"/> per job,
/// with the rule that decided it (restic's forget --dry-run gives a reason for every kept and removed item).
/// Reads only; streams, so memory does not grow with the number of jobs.
/// </summary>
public static class CandidateFinder
{
    public static void Run(CleanupContext context, CandidateFilter filter, bool includeKept, IOperationHost host)
    {
        foreach (var candidate in Find(context, filter, includeKept, host))
            host.WriteObject(candidate);
    }

    public static IEnumerable<CleanupCandidate> Find(CleanupContext context, CandidateFilter filter, bool includeKept, IOperationHost host)
    {
        const string activity = "Evaluating cleanup candidates";
        // Already-cleaned jobs are kept by definition: listed (with that reason) only when the kept ones are asked for.
        var query = new JobQuery(filter.RawStatuses(context.Settings.Mapping), IncludeCleaned: includeKept);
        var byId = filter.LiteralJobIds;
        IReadOnlyList<JobRecord>? found = null;
        if (byId is not null)
        {
            found = context.Store.GetJobs(byId);
            var present = found.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var missing in byId.Where(id => !present.Contains(id)))
                host.WriteError(new OperationError("JobNotFound", ErrorKind.ObjectNotFound, $"Job '{missing}' is not in {context.Store.Description}.", missing));
            found = found.Where(j => query.RawStatuses is null || query.RawStatuses.Contains(j.RawStatus))
                .Where(j => includeKept || j.DataCleanedAt is null).ToArray();
        }
        if (found is null) JobIdDefects.WarnAboutNullIds(context, query, host);
        var progress = new ProgressReporter(host, activity, found?.Count ?? context.Store.CountJobs(query));
        var seen = 0L;
        context.RefreshHolds();
        context.PrepareRanking();
        var shared = new Lazy<IReadOnlyCollection<string>>(context.Store.SharedUploadNames);
        var holders = new Dictionary<string, JobRecord[]>(StringComparer.Ordinal);
        foreach (var job in found ?? context.Store.StreamJobs(query, context.Settings.BatchSize))
        {
            host.Cancellation.ThrowIfCancellationRequested();
            progress.Report(++seen);
            if (!filter.MatchesId(job.Id)) continue;
            var plan = SharedUploadGuard.Apply(new[] { JobPlan.For(job, context) }, context, shared.Value, holders)[0];
            if (!filter.MatchesAge(plan.Decision.Age)) continue;
            if (plan.Decision.UnreadableTimestamp)
                host.WriteWarning($"Job {job.Id}: {plan.Decision.Reason}.");
            if (plan.PathProblem is not null)
                host.WriteWarning($"Job {job.Id} would fail: {plan.PathProblem}");
            var candidate = ToCandidate(plan, context.Origin);
            host.WriteVerbose($"Job {job.Id}: {(candidate.IsEligible ? $"candidate ({candidate.Action})" : "kept")}; {candidate.Reason}.");
            // Held jobs are listed with the eligible ones: they are exactly what would go but for the hold.
            if (candidate.IsEligible || candidate.Action == CleanupAction.Held || includeKept) yield return candidate;
        }
        progress.Complete();
        // Path classes belong to a look at the whole store, not to one narrowed to job statuses or ids.
        if (filter.Statuses is not null || filter.JobIdPatterns is { Count: > 0 }) yield break;
        foreach (var plan in PathClassPlanner.Plan(context, host))
        {
            host.Cancellation.ThrowIfCancellationRequested();
            if (!filter.MatchesAge(plan.Decision.Age)) continue;
            var candidate = ToCandidate(plan, context.Origin);
            host.WriteVerbose($"{plan.Entry.FullPath}: {(candidate.IsEligible ? $"candidate ({candidate.Action})" : "kept")}; {candidate.Reason}.");
            if (candidate.IsEligible || candidate.Action == CleanupAction.Held || includeKept) yield return candidate;
        }
    }

    private static CleanupCandidate ToCandidate(PathPlan plan, StoreOrigin origin)
    {
        long size = plan.Entry.Length;
        if (plan.CanAct && plan.Entry.Kind == FileSystem.PathClasses.PathEntryKind.Directory)
        {
            try
            {
                size = SafeDeleter.Delete(plan.Entry.ToTarget(plan.Root), measureOnly: true).Tally.Bytes;
            }
            catch (UnsafePathException)
            {
                size = 0; // the run refuses it with the reason; the preview has nothing to measure
            }
        }
        return new CleanupCandidate
        {
            JobId = null,
            TargetKind = CleanupItemKind.Path,
            Status = JobStatus.Unknown,
            CompletedAt = plan.Decision.CompletedAt,
            Age = plan.Decision.Age,
            Policy = plan.Policy,
            Action = plan.Decision.Action,
            Paths = new[] { plan.Entry.FullPath },
            SizeBytes = plan.CanAct ? size : 0,
            Reason = plan.Decision.Reason,
            Origin = origin,
        };
    }

    private static CleanupCandidate ToCandidate(JobPlan plan, StoreOrigin origin)
    {
        var job = plan.Job;
        var eligible = plan.CanAct;
        long size = 0;
        if (eligible)
        {
            foreach (var target in plan.Targets)
                size += SafeDeleter.Delete(target, measureOnly: true).Tally.Bytes;
        }
        return new CleanupCandidate
        {
            JobId = job.Id,
            Status = job.Status,
            RawStatus = job.RawStatus,
            WorkflowType = job.WorkflowType,
            CompletedAt = plan.Decision.CompletedAt,
            Age = plan.Decision.Age,
            Policy = plan.Decision.Policy,
            Action = eligible || plan.Decision.Action == CleanupAction.Held ? plan.Decision.Action : CleanupAction.Keep,
            Paths = plan.Targets.Select(t => t.FullPath).ToArray(),
            SizeBytes = size,
            Reason = plan.PathProblem is null
                ? string.Join("; ", plan.Kept.Prepend(plan.Decision.Reason))
                : $"{plan.Decision.Reason}, but {plan.PathProblem}",
            Origin = origin,
        };
    }
}
