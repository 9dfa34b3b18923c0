using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Runs;

/// <summary>The report stage on its own: what each result adds to the summary, and what the host and listeners see.</summary>
public sealed class RunReporterTests
{
    private readonly CleanupRunSummary _summary = new();
    private readonly RecordingHost _host = new();
    private readonly List<CleanupResult> _heard = new();

    private void Publish(CleanupResult result, OperationError? error = null)
    {
        var reporter = new RunReporter(_summary, _host);
        reporter.ResultRecorded += _heard.Add;
        reporter.Publish(result, error);
    }

    private static CleanupResult Job(JobStatus status, CleanupOutcome outcome, long bytes = 100, bool configPreserved = true, params string[] errors) => new()
    {
        JobId = "job-1", Target = "job-1", Status = status, Outcome = outcome, BytesFreed = bytes, ConfigPreserved = configPreserved, Errors = errors, Action = CleanupAction.DeleteData, Reason = "old enough",
    };

    [Fact]
    public void A_cleaned_job_is_counted_by_status_bytes_and_config_and_written_and_heard()
    {
        var result = Job(JobStatus.Failed, CleanupOutcome.Deleted, configPreserved: false);

        Publish(result);

        Assert.Equal((0, 1, 100L, 1, 0), (_summary.SuccessfulJobsProcessed, _summary.FailedJobsProcessed, _summary.TotalBytesFreed, _summary.ConfigsDeleted, _summary.ConfigsPreserved));
        Assert.Same(result, Assert.Single(_host.Of<CleanupResult>()));
        Assert.Same(result, Assert.Single(_heard));
        Assert.Empty(_host.Errors);
    }

    [Theory]
    [InlineData(CleanupOutcome.Skipped)]
    [InlineData(CleanupOutcome.Failed)]
    public void A_job_nothing_went_from_adds_nothing_but_is_still_reported(CleanupOutcome outcome)
    {
        Publish(Job(JobStatus.Completed, outcome));

        Assert.Equal((0, 0L), (_summary.SuccessfulJobsProcessed, _summary.TotalBytesFreed));
        Assert.Single(_heard);
    }

    [Fact]
    public void An_error_is_counted_listed_with_its_job_and_written()
    {
        var error = new OperationError("JobCleanupFailed", ErrorKind.WriteError, "Job job-1: denied", "job-1");

        Publish(Job(JobStatus.Completed, CleanupOutcome.Partial, errors: "denied"), error);

        Assert.Equal(1, _summary.JobsWithErrors);
        Assert.Equal(new[] { "job-1: denied" }, _summary.Errors);
        Assert.Same(error, Assert.Single(_host.Errors));
        Assert.Equal(1, _summary.SuccessfulJobsProcessed);
    }

    [Fact]
    public void A_path_counts_as_a_path_not_a_job()
    {
        Publish(new CleanupResult { JobId = null, Action = CleanupAction.DeleteAll, Reason = "old", TargetKind = CleanupItemKind.Path, Target = "/x/a.log", Status = JobStatus.Unknown, Outcome = CleanupOutcome.Deleted, BytesFreed = 7 });

        Assert.Equal((1, 7L, 0, 0), (_summary.PathsProcessed, _summary.TotalBytesFreed, _summary.ConfigsPreserved, _summary.ConfigsDeleted));
    }
}
