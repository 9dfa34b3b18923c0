using CleanupTools.FileSystem;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>A job with the policy's verdict and the paths it owns, or the reason no safe path could be built.</summary>
internal sealed record JobPlan(JobRecord Job, JobDecision Decision, IReadOnlyList<DeletionTarget> Targets, string? PathProblem)
{
    /// <summary>Why some of the job's entries are left in place (an upload another job still needs).</summary>
    public IReadOnlyList<string> Kept { get; init; } = Array.Empty<string>();

    public DeletionTarget? Upload => Targets.FirstOrDefault(t => t.Root.Name == Configuration.StorageRoot.Uploads);

    public bool CanAct => Decision.IsEligible && PathProblem is null;

    /// <summary>Plans a job: results/&lt;id&gt;, uploads/&lt;dem_filename&gt; when set, temp/&lt;id&gt;.</summary>
    public static JobPlan For(JobRecord job, CleanupContext context)
    {
        var decision = context.Evaluator.Evaluate(job);
        if (!decision.IsEligible) return new JobPlan(job, decision, Array.Empty<DeletionTarget>(), null);
        try
        {
            var settings = context.Settings;
            var targets = new List<DeletionTarget> { PathGuard.Resolve(settings.Results, job.Id, "job id") };
            if (!string.IsNullOrEmpty(job.DemFilename))
                targets.Add(PathGuard.Resolve(settings.Uploads, job.DemFilename, "DEM file name"));
            targets.Add(PathGuard.Resolve(settings.Temp, job.Id, "job id"));
            if (context.Evaluator.Holds.ForTargets(targets) is { } hold)
                return new JobPlan(job, decision with { Action = CleanupAction.Held, Reason = $"{decision.Reason}, but {hold.Describe()}" }, Array.Empty<DeletionTarget>(), null);
            return new JobPlan(job, decision, targets, null);
        }
        catch (UnsafePathException e)
        {
            return new JobPlan(job, decision, Array.Empty<DeletionTarget>(), e.Message);
        }
    }
}
