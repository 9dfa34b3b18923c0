using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>A job with the policy's verdict and the paths it owns, or the reason no safe path could be built.</summary>
internal sealed record JobPlan(JobRecord Job, JobDecision Decision, IReadOnlyList<DeletionTarget> Targets, string? PathProblem)
{
    /// <summary>Why some of the job's entries are left in place (an upload another job still needs, a component policy).</summary>
    public IReadOnlyList<string> Kept { get; init; } = Array.Empty<string>();

    /// <summary>Components a policy lets go later: until they have gone the job is not marked cleaned, so a later run returns.</summary>
    public bool ComponentsPending { get; init; }

    public DeletionTarget? Upload => Targets.FirstOrDefault(t => t.Root.Name == StorageRoot.Uploads);

    public bool CanAct => Decision.IsEligible && PathProblem is null;

    /// <summary>
    /// Plans a job: results/&lt;id&gt;, uploads/&lt;dem_filename&gt; when set, logs/&lt;id&gt;, temp/&lt;id&gt;. Each
    /// component goes when its own component policy says, or with the job when it has none.
    /// </summary>
    public static JobPlan For(JobRecord job, CleanupContext context)
    {
        var decision = context.Evaluator.Evaluate(job);
        if (!decision.IsEligible && !decision.WithinRetention) return new JobPlan(job, decision, Array.Empty<DeletionTarget>(), null);
        if (job.IdProblem is { } idProblem) return new JobPlan(job, decision, Array.Empty<DeletionTarget>(), idProblem);
        try
        {
            var settings = context.Settings;
            var components = new List<(DataComponent Component, DeletionTarget Target)> { (DataComponent.Results, PathGuard.Resolve(settings.Results, job.Id, "job id")) };
            if (!string.IsNullOrEmpty(job.DemFilename))
                components.Add((DataComponent.Uploads, PathGuard.Resolve(settings.Uploads, job.DemFilename, "DEM file name")));
            // Only a job that has a logs directory gets one planned: most installations keep logs inside results/<id>.
            var logs = PathGuard.Resolve(settings.Logs, job.Id, "job id");
            if (context.LogsRootExists && Exists(logs.FullPath)) components.Add((DataComponent.Logs, logs));
            components.Add((DataComponent.Temp, PathGuard.Resolve(settings.Temp, job.Id, "job id")));

            if (!context.Policies.AnyComponentPolicy)
            {
                // No component has a schedule of its own: every component goes with the job (the common case, kept cheap).
                if (!decision.IsEligible) return new JobPlan(job, decision, Array.Empty<DeletionTarget>(), null);
                var all = components.Select(c => c.Target).ToArray();
                if (context.Evaluator.Holds.ForTargets(all) is { } jobHold)
                    return new JobPlan(job, decision with { Action = CleanupAction.Held, Reason = $"{decision.Reason}, but {jobHold.Describe()}" }, Array.Empty<DeletionTarget>(), null);
                return new JobPlan(job, decision, all, null);
            }
            var (targets, kept, pending, componentDecision) = ByComponent(job, decision, components, context);
            if (targets.Count == 0)
            {
                // Only components a policy lets go later are left: nothing to do now, and the job is not cleaned yet.
                var waiting = decision.IsEligible ? decision with { Action = CleanupAction.Keep, Reason = $"{decision.Reason}; {string.Join(", ", kept)}" } : decision;
                return new JobPlan(job, waiting, targets, null) { Kept = kept, ComponentsPending = pending };
            }
            decision = componentDecision;
            if (context.Evaluator.Holds.ForTargets(targets) is { } hold)
                return new JobPlan(job, decision with { Action = CleanupAction.Held, Reason = $"{decision.Reason}, but {hold.Describe()}" }, Array.Empty<DeletionTarget>(), null);
            return new JobPlan(job, decision, targets, null) { Kept = kept, ComponentsPending = pending };
        }
        catch (UnsafePathException e)
        {
            return new JobPlan(job, decision, Array.Empty<DeletionTarget>(), e.Message);
        }
    }

    /// <summary>
    /// Which components go now. Without component policies that is all of them when the job is eligible (and
    /// none otherwise), exactly as before. A component policy moves its component's time: a shorter retention
    /// lets it go before the job's data, a longer one (or a disabled policy) keeps it after.
    /// </summary>
    private static (List<DeletionTarget> Targets, List<string> Kept, bool Pending, JobDecision Decision) ByComponent(
        JobRecord job, JobDecision decision, List<(DataComponent Component, DeletionTarget Target)> components, CleanupContext context)
    {
        var targets = new List<DeletionTarget>();
        var kept = new List<string>();
        var pending = false;
        var early = new List<string>();
        foreach (var (component, target) in components)
        {
            var policy = context.Policies.ForComponent(component, job.Status);
            if (policy is null)
            {
                if (decision.IsEligible) targets.Add(target);
                continue;
            }
            // A component the policy keeps that is not there is no reason to come back for it.
            var present = Exists(target.FullPath);
            if (!policy.Enabled)
            {
                if (present) kept.Add($"{target.Display} kept: policy {policy.Name} keeps the {component.ToString().ToLowerInvariant()} of {job.Status.ToString().ToLowerInvariant()} jobs");
            }
            else if (decision.Age is { } age && age >= policy.Retention)
            {
                if (present || decision.IsEligible) targets.Add(target);
                if (!decision.IsEligible && present) early.Add($"{target.Display} is past the {policy.Name} retention of {CandidateEvaluator.FormatRetention(policy.Retention)}");
            }
            else if (present)
            {
                kept.Add($"{target.Display} kept until {decision.CompletedAt + policy.Retention:u} by policy {policy.Name}");
                pending = true;
            }
        }
        // Nothing of the job is left to delete now but a component later: not an action, only a wait.
        if (pending && !targets.Any(t => Exists(t.FullPath))) return (new List<DeletionTarget>(), kept, pending, decision);
        if (decision.IsEligible || targets.Count == 0) return (targets, kept, pending, decision);
        // The job itself is within its retention; only components with shorter retentions go.
        var policyAction = context.Policies.For(job.Status)!.Action;
        return (targets, kept, true, decision with
        {
            Action = policyAction,
            Reason = $"{decision.Reason}; but {string.Join(", ", early)}",
            WithinRetention = false,
        });
    }

    internal static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
