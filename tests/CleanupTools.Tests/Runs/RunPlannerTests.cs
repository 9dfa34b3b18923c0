using CleanupTools.Operations.Runs;

namespace CleanupTools.Tests.Runs;

/// <summary>The plan stage on its own: a batch of ids re-read from a real SQLite store, planned as the store reads now.</summary>
public sealed class RunPlannerTests : IDisposable
{
    private readonly RunStages _stages = new();

    public void Dispose() => _stages.Dispose();

    private IReadOnlyList<PlannedJob> Plan(params string[] ids)
    {
        _stages.Context.PrepareRanking();
        return new RunPlanner(_stages.Context, readOnly: false).Plan(ids);
    }

    [Fact]
    public void Each_id_is_planned_in_the_order_given_with_the_row_that_carries_it()
    {
        _stages.Install.AddJob("job-b", "completed", 500, seed: 2);
        _stages.Install.AddJob("job-a", "failed", 500, seed: 1);

        var planned = Plan("job-b", "job-a");

        Assert.Equal(new[] { "job-b", "job-a" }, planned.Select(p => p.Id));
        Assert.All(planned, p => Assert.Equal((1, true), (p.Rows, p.Plan!.CanAct)));
        Assert.Equal(new[] { "job-b", "job-a" }, planned.Select(p => p.Plan!.Job.Id));
    }

    [Fact]
    public void An_id_not_in_the_store_has_no_row_and_no_plan() =>
        Assert.Equal(new PlannedJob("ghost", 0, null), Plan("ghost").Single());

    [Fact]
    public void An_id_on_two_rows_is_not_planned_at_all()
    {
        _stages.AddTwins("twin");

        Assert.Equal(new PlannedJob("twin", 2, null), Plan("twin").Single());
    }

    [Fact]
    public void The_store_is_read_at_planning_time_not_before()
    {
        _stages.Install.AddJob("job-1", "completed", 500);
        Assert.True(Plan("job-1").Single().Plan!.CanAct);

        // Re-run by the application after a first plan: the next plan sees it running, and lets it be.
        _stages.Install.Execute("UPDATE jobs SET status = 'running', completed_at = NULL WHERE id = 'job-1'");

        var again = Plan("job-1").Single().Plan!;
        Assert.False(again.Decision.IsEligible);
        Assert.Equal("running", again.Job.RawStatus);
    }

    [Fact]
    public void A_hold_added_since_the_run_began_holds_the_job_in_the_next_plan()
    {
        _stages.Install.AddJob("job-1", "completed", 500);
        _stages.Context.RefreshHolds();

        _stages.Install.AddHold(HoldKind.Job, "job-1", "litigation");

        Assert.Equal(CleanupAction.Held, Plan("job-1").Single().Plan!.Decision.Action);
    }

    [Fact]
    public void An_upload_another_job_still_uses_is_not_a_target()
    {
        var old = _stages.Install.AddJob("job-old", "completed", 500);
        _stages.Install.InsertRow("job-young", "completed", _stages.Install.HoursAgo(1), old.Dem);

        var plan = Plan("job-old").Single().Plan!;

        Assert.True(plan.CanAct);
        Assert.DoesNotContain(plan.Targets, t => t.Display.Contains(old.Dem!, StringComparison.Ordinal));
        Assert.Contains(plan.Targets, t => t.Display.Contains("job-old", StringComparison.Ordinal));
    }
}
