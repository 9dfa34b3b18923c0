using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Reports;
using CleanupTools.Stores;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The record stage on its own, against a real SQLite store: results are written first and reported second, rows only
/// where they still read as evaluated, and a read-only run writes nothing.
/// </summary>
public sealed class RunRecorderTests : IDisposable
{
    private readonly RunStages _stages = new();

    public void Dispose() => _stages.Dispose();

    /// <summary>A settlement saying that job-1 was deleted, as the act stage would hand it over.</summary>
    private Settlement Deleted(RunRecorder recorder, JobPlan plan)
    {
        var now = _stages.Install.Clock.Now;
        var result = new CleanupResult
        {
            JobId = plan.Job.Id, Target = plan.Job.Id, Policy = plan.Decision.Policy, Status = plan.Job.Status,
            Action = CleanupAction.DeleteData, Outcome = CleanupOutcome.Deleted, DataDeleted = true, ConfigPreserved = true, BytesFreed = 4096, Reason = "old enough",
        };
        var settled = new Settlement();
        settled.Add((result, null), new JobCleanupRecord(plan.Job.Id, Time.TimestampParser.ToStoreText(now), CleanupSummaryJson.For(result, plan.Decision.Policy, now))
            { Evaluated = JobRowState.Of(plan.Job) }, recorder.JobAudit(result, plan.Decision.Policy, now));
        return settled;
    }

    [Fact]
    public void A_result_is_in_the_store_before_it_is_reported()
    {
        _stages.Install.AddJob("job-1");
        var plan = _stages.Plans("job-1")[0];
        var state = _stages.State();
        state.EnsureWritable();
        var reporter = new RunReporter(state.Summary, state.Host);
        var recorder = new RunRecorder(state, reporter);
        string? markedWhenReported = null;
        reporter.ResultRecorded += _ => markedWhenReported = _stages.Install.CleanedAt("job-1");
        var settled = Deleted(recorder, plan);

        recorder.Settle(settled);

        Assert.NotNull(markedWhenReported);
        Assert.True(state.RecordedAny);
        Assert.Empty(settled.Results);
        Assert.Contains("job job-1 DeleteData Deleted", _stages.Install.AuditRows());
        Assert.Single(_stages.Host.Of<CleanupResult>());
    }

    [Fact]
    public void A_read_only_run_reports_but_writes_nothing()
    {
        _stages.Install.AddJob("job-1");
        var plan = _stages.Plans("job-1")[0];
        var rows = _stages.Install.JobRows();
        var state = _stages.State(whatIf: true);
        var recorder = new RunRecorder(state, new RunReporter(state.Summary, state.Host));

        recorder.Settle(Deleted(recorder, plan));
        recorder.Append(new[] { recorder.JobAudit(new CleanupResult { JobId = "job-1", Target = "job-1", Status = JobStatus.Completed, Action = CleanupAction.DeleteData, Outcome = CleanupOutcome.Deleted, Reason = "r" }, "p", _stages.Install.Clock.Now) });

        Assert.Single(_stages.Host.Of<CleanupResult>());
        Assert.False(state.RecordedAny);
        Assert.Equal(rows, _stages.Install.JobRows());
        Assert.Empty(_stages.Install.AuditRows());
    }

    [Fact]
    public void A_row_changed_after_its_files_went_is_left_unmarked_and_reported_as_an_error()
    {
        _stages.Install.AddJob("job-1");
        var plan = _stages.Plans("job-1")[0];
        var state = _stages.State();
        state.EnsureWritable();
        var recorder = new RunRecorder(state, new RunReporter(state.Summary, state.Host));
        var settled = Deleted(recorder, plan);
        _stages.Install.Execute("UPDATE jobs SET status = 'running' WHERE id = 'job-1'");

        recorder.Settle(settled);

        Assert.Null(_stages.Install.CleanedAt("job-1"));
        Assert.Equal("JobChangedDuringCleanup", Assert.Single(_stages.Host.Errors).ErrorId);
        Assert.Equal(CleanupOutcome.Partial, Assert.Single(_stages.Host.Of<CleanupResult>()).Outcome);
        Assert.Equal(new[] { "job job-1 DeleteData Deleted", $"job job-1 DeleteData {ChangedWhileCleaning.AuditOutcome}" }, _stages.Install.AuditRows());
        Assert.Equal(1, state.Summary.JobsWithErrors);
    }

    [Fact]
    public void The_run_row_carries_its_outcome_and_the_bytes_freed()
    {
        var state = _stages.State();
        state.Summary.TotalBytesFreed = 123;
        state.EnsureWritable();

        new RunRecorder(state, new RunReporter(state.Summary, state.Host)).RecordRun("Stopped", "ended early");

        Assert.Equal($"run {state.Identity.RunId} Run Stopped", Assert.Single(_stages.Install.AuditRows()));
    }
}
