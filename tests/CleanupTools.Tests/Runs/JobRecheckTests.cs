using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Stores;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The per-item re-check stage on its own: a job planned from one read, read again alone from a real SQLite store,
/// is let through only while it reads as evaluated and may still go; otherwise the refusal says what changed.
/// </summary>
public sealed class JobRecheckTests : IDisposable
{
    private readonly JobInstallation _install = new();
    private readonly JobFiles _job;

    public JobRecheckTests() => _job = _install.AddJob("job-1", "completed", 500);

    public void Dispose() => _install.Dispose();

    private JobRecheckRefusal? PlanThen(Action change)
    {
        using var context = _install.Open();
        var plan = JobPlan.For(context.Store.GetJobs(new[] { _job.Id }).Single(), context);
        Assert.True(plan.CanAct);
        change();
        context.RefreshHolds();
        return new JobRecheck(context).Check(plan);
    }

    [Fact]
    public void A_job_that_still_reads_as_evaluated_goes_through() => Assert.Null(PlanThen(() => { }));

    [Fact]
    public void A_job_touched_but_not_changed_goes_through() =>
        Assert.Null(PlanThen(() => _install.Execute("UPDATE jobs SET parameters = '{\"step\": 2}' WHERE id = 'job-1'")));

    [Fact]
    public void A_job_set_back_to_running_is_refused_with_the_change()
    {
        var refusal = PlanThen(() => _install.Execute("UPDATE jobs SET status = 'running' WHERE id = 'job-1'"));

        Assert.Equal("status changed from 'completed' to 'running' since it was evaluated", refusal?.Reason);
        Assert.Equal(JobStatus.Running, refusal!.Current!.Status);
    }

    [Fact]
    public void A_job_that_completed_again_is_refused_even_if_still_old_enough()
    {
        var before = _install.HoursAgo(500);
        var after = _install.HoursAgo(400);

        var refusal = PlanThen(() => _install.Execute("UPDATE jobs SET completed_at = $at WHERE id = 'job-1'", ("$at", after)));

        Assert.Equal($"completion time changed from '{before}' to '{after}' since it was evaluated", refusal?.Reason);
    }

    [Fact]
    public void A_job_whose_upload_changed_is_refused() =>
        Assert.Equal("its upload changed from 'job-1_dem.tif' to 'other.tif' since it was evaluated",
            PlanThen(() => _install.Execute("UPDATE jobs SET dem_filename = 'other.tif' WHERE id = 'job-1'"))?.Reason);

    [Fact]
    public void A_job_removed_from_the_store_is_refused() =>
        Assert.Equal("it is no longer in the store", PlanThen(() => _install.Execute("DELETE FROM jobs WHERE id = 'job-1'"))?.Reason);

    [Fact]
    public void A_job_another_run_cleaned_meanwhile_is_refused_with_the_evaluators_reason()
    {
        var refusal = PlanThen(() =>
        {
            _install.Execute("ALTER TABLE jobs ADD COLUMN data_cleaned_at TEXT");
            _install.Execute("UPDATE jobs SET data_cleaned_at = '2025-06-15 11:00:00' WHERE id = 'job-1'");
        });

        Assert.Equal("already cleaned at 2025-06-15 11:00:00", refusal?.Reason);
    }

    [Fact]
    public void A_job_held_since_it_was_planned_is_refused_with_the_hold()
    {
        var refusal = PlanThen(() => _install.AddHold(HoldKind.Job, "job-1", "audit in progress"));

        Assert.Contains("audit in progress", refusal?.Reason);
    }

    [Theory]
    [InlineData("completed", "2025-01-01 00:00:00", null)]
    [InlineData("running", "2025-01-01 00:00:00", "status changed from 'completed' to 'running'")]
    [InlineData("completed", null, "completion time changed from '2025-01-01 00:00:00' to NULL")]
    [InlineData(null, "2025-01-02", "status changed from 'completed' to NULL and completion time changed from '2025-01-01 00:00:00' to '2025-01-02'")]
    public void A_change_names_each_value_that_differs(string? status, string? completedAt, string? expected)
    {
        var current = new JobRecord("job-1", null, status, JobStatus.Unknown, completedAt, null, null);

        Assert.Equal(expected, JobRecheck.Change(new JobRowState("completed", "2025-01-01 00:00:00"), current));
    }

    [Fact]
    public void Values_compare_as_the_driver_gives_them()
    {
        var at = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        JobRecord With(object? completed) => new("job-1", null, "completed", JobStatus.Completed, completed, null, null);

        Assert.True(new JobRowState("completed", new byte[] { 1, 2 }).Matches(With(new byte[] { 1, 2 })));
        Assert.False(new JobRowState("completed", new byte[] { 1, 2 }).Matches(With(new byte[] { 1, 3 })));
        Assert.True(new JobRowState("completed", at).Matches(With(at)));
        Assert.True(new JobRowState("completed", 1735689600L).Matches(With(1735689600L)));
        Assert.True(new JobRowState("completed", DBNull.Value).Matches(With(null)));
        Assert.False(new JobRowState("completed", 1735689600L).Matches(With("1735689600")));
        Assert.Equal("completion time changed from '2025-01-01 00:00:00' to '2025-01-01 00:00:00.5'",
            JobRecheck.Change(new JobRowState("completed", at), With(at.AddMilliseconds(500))));
    }
}
