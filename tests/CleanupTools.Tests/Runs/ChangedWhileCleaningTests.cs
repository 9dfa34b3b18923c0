using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Stores;

namespace CleanupTools.Tests.Runs;

/// <summary>What a run says of a job whose row changed while its files were going: what went, and that the row is left.</summary>
public sealed class ChangedWhileCleaningTests
{
    private static readonly JobRowState Evaluated = new("completed", "2025-01-01 00:00:00");
    private static readonly JobRecord Running = new("job-1", null, "running", JobStatus.Running, null, null, null);

    private static CleanupResult Acted(CleanupOutcome outcome, params string[] errors) => new()
    {
        JobId = "job-1", Target = "job-1", Status = JobStatus.Completed, Action = CleanupAction.DeleteData, Outcome = outcome,
        DataDeleted = errors.Length == 0, BytesFreed = 4096, DirectoriesDeleted = new[] { "results/job-1" }, Errors = errors, Reason = "old enough",
    };

    [Theory]
    [InlineData(CleanupOutcome.Deleted, "its data was deleted before")]
    [InlineData(CleanupOutcome.Partial, "part of its data was deleted before")]
    [InlineData(CleanupOutcome.Quarantined, "its data was moved into the backup of run run-7, from which it can be restored, before")]
    public void The_message_says_what_went_and_what_changed(CleanupOutcome outcome, string gone) =>
        Assert.Equal($"status changed from 'completed' to 'running' and completion time changed from '2025-01-01 00:00:00' to NULL while it was being cleaned: {gone} the change could be seen; its row is not marked cleaned",
            ChangedWhileCleaning.Describe(Acted(outcome), Evaluated, new[] { Running }, "run-7"));

    [Fact]
    public void A_row_gone_since_is_said_to_be_gone() =>
        Assert.StartsWith("its row is gone or no longer one row while it was being cleaned",
            ChangedWhileCleaning.Describe(Acted(CleanupOutcome.Deleted), Evaluated, Array.Empty<JobRecord>(), "run-7"));

    [Fact]
    public void The_result_is_partial_keeps_what_went_and_adds_the_message_to_its_errors()
    {
        var result = ChangedWhileCleaning.Result(Acted(CleanupOutcome.Partial, "permission denied: a.tif"), "changed");

        Assert.Equal((CleanupOutcome.Partial, false, 4096L, "changed"), (result.Outcome, result.DataDeleted, result.BytesFreed, result.Reason));
        Assert.Equal(new[] { "results/job-1" }, result.DirectoriesDeleted);
        Assert.Equal(new[] { "permission denied: a.tif", "changed" }, result.Errors);
    }

    [Theory]
    [InlineData(CleanupOutcome.Deleted, true)]
    [InlineData(CleanupOutcome.Quarantined, true)]
    [InlineData(CleanupOutcome.Partial, true)]
    [InlineData(CleanupOutcome.Failed, false)]
    [InlineData(CleanupOutcome.Skipped, false)]
    public void Only_a_job_something_went_from_is_reported_as_changed(CleanupOutcome outcome, bool applies) =>
        Assert.Equal(applies, ChangedWhileCleaning.Applies(Acted(outcome)));
}
