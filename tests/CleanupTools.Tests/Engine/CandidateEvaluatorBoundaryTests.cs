using CleanupTools.Tests.Support;
using static CleanupTools.Tests.Engine.EvaluatorFixture;

namespace CleanupTools.Tests.Engine;

/// <summary>Age at or past the retention is eligible; one minute (or second) short of it is kept.</summary>
public sealed class CandidateEvaluatorBoundaryTests
{
    [Fact]
    public void Completed_167h59m_old_is_kept()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Completed, Ago(TimeSpan.FromHours(168) - TimeSpan.FromMinutes(1))));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.False(decision.IsEligible);
        Assert.Equal(TimeSpan.FromHours(168) - TimeSpan.FromMinutes(1), decision.Age);
        Assert.Contains("within", decision.Reason);
    }

    [Fact]
    public void Completed_168h_old_is_eligible_for_DeleteData()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Completed, Ago(TimeSpan.FromHours(168))));

        Assert.Equal(CleanupAction.DeleteData, decision.Action);
        Assert.True(decision.IsEligible);
        Assert.Equal(TimeSpan.FromHours(168), decision.Age);
        Assert.Equal(Now - TimeSpan.FromHours(168), decision.CompletedAt);
    }

    [Fact]
    public void Completed_one_second_short_of_168h_is_kept()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Completed, Ago(TimeSpan.FromHours(168) - TimeSpan.FromSeconds(1))));

        Assert.Equal(CleanupAction.Keep, decision.Action);
    }

    [Fact]
    public void Failed_11h59m_old_is_kept()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Failed, Ago(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1))));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.Equal(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1), decision.Age);
    }

    [Fact]
    public void Failed_12h_old_is_eligible_for_DeleteAll()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Failed, Ago(TimeSpan.FromHours(12))));

        Assert.Equal(CleanupAction.DeleteAll, decision.Action);
        Assert.Equal(TimeSpan.FromHours(12), decision.Age);
    }

    [Fact]
    public void Moving_the_clock_across_the_boundary_flips_the_verdict()
    {
        var clock = new FixedClock(Now);
        var evaluator = new Policies.CandidateEvaluator(Policies.RetentionPolicySet.Defaults, clock);
        var job = Job(JobStatus.Completed, Ago(TimeSpan.FromHours(168) - TimeSpan.FromMinutes(1)));

        Assert.Equal(CleanupAction.Keep, evaluator.Evaluate(job).Action);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(CleanupAction.DeleteData, evaluator.Evaluate(job).Action);
    }

    [Fact]
    public void A_completed_job_far_past_retention_is_eligible_and_a_fresh_one_is_not()
    {
        var evaluator = Evaluator();

        Assert.Equal(CleanupAction.DeleteData, evaluator.Evaluate(Job(JobStatus.Completed, Ago(TimeSpan.FromDays(400)))).Action);
        Assert.Equal(CleanupAction.Keep, evaluator.Evaluate(Job(JobStatus.Completed, Ago(TimeSpan.Zero))).Action);
    }
}
