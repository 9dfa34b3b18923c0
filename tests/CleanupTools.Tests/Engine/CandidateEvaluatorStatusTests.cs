using CleanupTools.Policies;
using static CleanupTools.Tests.Engine.EvaluatorFixture;

namespace CleanupTools.Tests.Engine;

/// <summary>Which statuses a policy may ever touch, with jobs old enough that only the status can keep them.</summary>
public sealed class CandidateEvaluatorStatusTests
{
    private static readonly string Ancient = Ago(TimeSpan.FromDays(365));

    [Theory]
    [InlineData(JobStatus.Completed, CleanupAction.DeleteData, PolicyNames.SuccessfulJobs)]
    [InlineData(JobStatus.Failed, CleanupAction.DeleteAll, PolicyNames.FailedJobs)]
    [InlineData(JobStatus.Running, CleanupAction.Keep, "none")]
    [InlineData(JobStatus.Pending, CleanupAction.Keep, "none")]
    [InlineData(JobStatus.Unknown, CleanupAction.Keep, "none")]
    public void Every_status_gets_its_verdict(JobStatus status, CleanupAction expected, string policy)
    {
        var decision = Evaluator().Evaluate(Job(status, Ancient));

        Assert.Equal(expected, decision.Action);
        Assert.Equal(policy, decision.Policy);
    }

    [Fact]
    public void The_theory_covers_every_JobStatus_member()
    {
        var covered = new[] { JobStatus.Completed, JobStatus.Failed, JobStatus.Running, JobStatus.Pending, JobStatus.Unknown };

        Assert.Equal(Enum.GetValues<JobStatus>().OrderBy(s => s), covered.OrderBy(s => s));
    }

    [Theory]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Pending)]
    public void Active_jobs_are_kept_even_without_a_completion_time_and_say_why(JobStatus status)
    {
        var decision = Evaluator().Evaluate(Job(status, null));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.Contains("active", decision.Reason);
        Assert.Contains($"'{status.ToString().ToLowerInvariant()}'", decision.Reason);
    }

    [Fact]
    public void An_unknown_raw_status_is_never_cleaned_and_is_named_in_the_reason()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Unknown, Ancient, rawStatus: "cancelled"));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.Contains("'cancelled'", decision.Reason);
        Assert.Contains("not mapped", decision.Reason);
        Assert.False(decision.UnreadableTimestamp);
    }

    [Theory]
    [InlineData(JobStatus.Completed, PolicyNames.SuccessfulJobs)]
    [InlineData(JobStatus.Failed, PolicyNames.FailedJobs)]
    public void An_already_cleaned_job_is_kept(JobStatus status, string policy)
    {
        var decision = Evaluator().Evaluate(Job(status, Ancient, cleanedAt: "2024-06-01 03:00:00"));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.Equal(policy, decision.Policy);
        Assert.Contains("already cleaned at 2024-06-01 03:00:00", decision.Reason);
    }

    [Fact]
    public void A_disabled_policy_keeps_its_jobs_and_leaves_the_other_policy_working()
    {
        var defaults = RetentionPolicySet.Defaults;
        var disabled = defaults.Successful with { Enabled = false };
        var evaluator = Evaluator(new RetentionPolicySet(disabled, defaults.Failed));

        var completed = evaluator.Evaluate(Job(JobStatus.Completed, Ancient));
        var failed = evaluator.Evaluate(Job(JobStatus.Failed, Ancient));

        Assert.Equal(CleanupAction.Keep, completed.Action);
        Assert.Equal(PolicyNames.SuccessfulJobs, completed.Policy);
        Assert.Contains($"policy {PolicyNames.SuccessfulJobs} is disabled", completed.Reason);
        Assert.Equal(CleanupAction.DeleteAll, failed.Action);
    }

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Failed)]
    public void A_null_completion_time_is_kept(JobStatus status)
    {
        foreach (var missing in new object?[] { null, DBNull.Value, "" })
        {
            var decision = Evaluator().Evaluate(Job(status, missing));

            Assert.Equal(CleanupAction.Keep, decision.Action);
            Assert.Contains("no completed_at", decision.Reason);
            Assert.False(decision.UnreadableTimestamp);
            Assert.Null(decision.CompletedAt);
            Assert.Null(decision.Age);
        }
    }

    [Theory]
    [InlineData("last tuesday")]
    [InlineData("1704067200")]
    [InlineData("2024-13-01 00:00:00")]
    [InlineData("15/06/2023 10:00")]
    public void An_unparseable_completion_time_is_kept_and_flagged(string completedAt)
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Completed, completedAt));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.True(decision.UnreadableTimestamp);
        Assert.Contains($"'{completedAt}'", decision.Reason);
        Assert.Null(decision.CompletedAt);
    }

    [Fact]
    public void A_completion_time_stored_as_an_integer_is_unreadable_not_an_epoch()
    {
        // SQLite hands an INTEGER column back as a long; an epoch guess could delete the wrong data.
        var decision = Evaluator().Evaluate(Job(JobStatus.Failed, 1_600_000_000L));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.True(decision.UnreadableTimestamp);
    }

    [Fact]
    public void A_completion_time_in_the_future_is_kept()
    {
        var decision = Evaluator().Evaluate(Job(JobStatus.Failed, "2024-06-16 12:00:00"));

        Assert.Equal(CleanupAction.Keep, decision.Action);
        Assert.Contains("in the future", decision.Reason);
        Assert.Equal(TimeSpan.FromHours(-24), decision.Age);
        Assert.False(decision.UnreadableTimestamp);
    }

    [Theory]
    [InlineData(JobStatus.Completed, 200, PolicyNames.SuccessfulJobs)]
    [InlineData(JobStatus.Completed, 20, PolicyNames.SuccessfulJobs)]
    [InlineData(JobStatus.Failed, 20, PolicyNames.FailedJobs)]
    [InlineData(JobStatus.Failed, 2, PolicyNames.FailedJobs)]
    public void Retention_reasons_name_the_policy_that_decided(JobStatus status, int ageHours, string policy)
    {
        var decision = Evaluator().Evaluate(Job(status, Ago(TimeSpan.FromHours(ageHours))));

        Assert.Equal(policy, decision.Policy);
        Assert.Contains($"the {policy} retention of", decision.Reason);
    }

    [Fact]
    public void A_driver_DateTime_is_read_as_UTC()
    {
        var completed = DateTime.SpecifyKind(new DateTime(2024, 6, 14, 0, 0, 0), DateTimeKind.Unspecified);

        var decision = Evaluator().Evaluate(Job(JobStatus.Failed, completed));

        Assert.Equal(CleanupAction.DeleteAll, decision.Action);
        Assert.Equal(TimeSpan.FromHours(36), decision.Age);
    }
}
