using CleanupTools.FileSystem;
using CleanupTools.Operations;
using CleanupTools.Operations.Runs;

namespace CleanupTools.Tests.Runs;

/// <summary>What a job's result says, from its plan and what was done to its real files: outcome, action, mark, lists.</summary>
public sealed class JobResultsTests : IDisposable
{
    private readonly RunStages _stages = new();

    public void Dispose() => _stages.Dispose();

    private (JobPlan Plan, IReadOnlyList<DeletionOutcome> Outcomes) Act(bool measureOnly)
    {
        var job = _stages.Install.AddJob("job-1");
        var plan = _stages.Plans(job.Id)[0];
        return (plan, plan.Targets.Select(t => SafeDeleter.Delete(t, measureOnly)).ToArray());
    }

    [Fact]
    public void A_measured_job_would_be_deleted_and_is_not_marked()
    {
        var (plan, outcomes) = Act(measureOnly: true);

        var result = JobResults.Acted(plan, outcomes, quarantined: false, dryRun: true);

        Assert.Equal((CleanupOutcome.WouldDelete, false), (result.Outcome, result.DataDeleted));
        Assert.Equal(new[] { "results/job-1", "temp/job-1" }, result.DirectoriesDeleted.Order());
        Assert.Equal(new[] { "uploads/job-1_dem.tif" }, result.FilesDeleted);
        Assert.Equal(outcomes.Sum(o => o.Tally.Bytes), result.BytesFreed);
    }

    [Fact]
    public void A_deleted_job_is_deleted_and_marked_with_its_plan_s_action()
    {
        var (plan, outcomes) = Act(measureOnly: false);

        var result = JobResults.Acted(plan, outcomes, quarantined: false, dryRun: false);

        Assert.Equal((CleanupOutcome.Deleted, true, CleanupAction.DeleteData), (result.Outcome, result.DataDeleted, result.Action));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_moved_job_is_quarantined_whatever_its_policy_said()
    {
        var (plan, outcomes) = Act(measureOnly: false);

        var result = JobResults.Acted(plan, outcomes, quarantined: true, dryRun: false);

        Assert.Equal((CleanupOutcome.Quarantined, CleanupAction.Quarantine), (result.Outcome, result.Action));
    }

    [Fact]
    public void A_job_refused_at_its_re_check_is_skipped_with_its_status_as_read_then()
    {
        var (plan, _) = Act(measureOnly: true);
        var running = plan.Job with { RawStatus = "running", Status = JobStatus.Running };

        var result = JobResults.Skipped(plan, new JobRecheckRefusal("status changed", running));

        Assert.Equal((CleanupOutcome.Skipped, CleanupAction.Keep, JobStatus.Running, "status changed"), (result.Outcome, result.Action, result.Status, result.Reason));
    }
}
