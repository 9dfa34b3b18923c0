using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// One batch through the composed stages (plan, confirm, act, record, report) on a real installation: files go first,
/// rows and audit second, results last; a preview changes nothing; a host that stops at errors loses nothing done.
/// </summary>
public sealed class JobBatchTests
{
    private static JobBatch Batch(RunStages stages, RunState state, RunReporter reporter)
    {
        stages.Context.PrepareRanking();
        var recorder = new RunRecorder(state, reporter);
        return new JobBatch(state, new RunPlanner(stages.Context, state.ReadOnly), new JobConfirmation(state, recorder),
            new JobActor(state, new JobRecheck(stages.Context)), recorder);
    }

    [Fact]
    public void A_batch_is_deleted_then_marked_then_reported()
    {
        using var stages = new RunStages();
        var jobs = new[] { stages.Install.AddJob("job-1", seed: 1), stages.Install.AddJob("job-2", "failed", seed: 2) };
        var state = stages.State();
        var reporter = new RunReporter(state.Summary, state.Host);
        var seen = new List<(bool FilesGone, string? Mark)>();
        reporter.ResultRecorded += r => seen.Add((!stages.Install.AnyPresent(jobs.Single(j => j.Id == r.JobId)), stages.Install.CleanedAt(r.JobId!)));

        Batch(stages, state, reporter).Run(new[] { "job-1", "job-2" });

        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.True(s.FilesGone && s.Mark is not null));
        Assert.Equal((1, 1, 2), (state.Summary.SuccessfulJobsProcessed, state.Summary.FailedJobsProcessed, state.Summary.JobsConsidered));
        Assert.Equal(new[] { "job job-1 DeleteData Deleted", "job job-2 DeleteAll Deleted" }, stages.Install.AuditRows());
    }

    [Fact]
    public void A_started_batch_is_recorded_only_after_its_files_are_gone_when_the_next_starts_or_at_the_finish()
    {
        using var stages = new RunStages();
        var first = stages.Install.AddJob("job-1", seed: 1);
        var second = stages.Install.AddJob("job-2", seed: 2);
        var state = stages.State();
        var reporter = new RunReporter(state.Summary, state.Host);
        var seen = new List<(string Id, bool FilesGone, string? Mark)>();
        var jobs = new[] { first, second };
        reporter.ResultRecorded += r => seen.Add((r.JobId!, !stages.Install.AnyPresent(jobs.Single(j => j.Id == r.JobId)), stages.Install.CleanedAt(r.JobId!)));
        var batch = Batch(stages, state, reporter);

        batch.Start(new[] { "job-1" });
        var afterFirst = (stages.Install.CleanedAt("job-1"), seen.Count);
        batch.Start(new[] { "job-2" });
        var afterSecond = (stages.Install.CleanedAt("job-2"), seen.Count);
        batch.Finish();

        // Each batch is recorded and reported one step later, and only once all of its files are gone.
        Assert.Equal(((string?)null, 0), afterFirst);
        Assert.Equal(((string?)null, 1), afterSecond);
        Assert.Equal(new[] { "job-1", "job-2" }, seen.Select(s => s.Id));
        Assert.All(seen, s => Assert.True(s.FilesGone && s.Mark is not null));
        Assert.Equal(new[] { "job job-1 DeleteData Deleted", "job job-2 DeleteData Deleted" }, stages.Install.AuditRows());
    }

    [Fact]
    public void A_stop_before_the_next_batch_records_the_batch_being_deleted_first()
    {
        using var stages = new RunStages();
        var job = stages.Install.AddJob("job-1", seed: 1);
        stages.Install.AddJob("job-2", seed: 2);
        var state = stages.State();
        var batch = Batch(stages, state, new RunReporter(state.Summary, state.Host));

        batch.Start(new[] { "job-1" });
        stages.Host.Cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => batch.Start(new[] { "job-2" }));
        Assert.False(stages.Install.AnyPresent(job));
        Assert.NotNull(stages.Install.CleanedAt("job-1"));
        Assert.Null(stages.Install.CleanedAt("job-2"));
        Assert.Equal(new[] { "job job-1 DeleteData Deleted" }, stages.Install.AuditRows());
    }

    [Fact]
    public void A_dry_run_batch_reports_what_would_go_and_changes_nothing()
    {
        using var stages = new RunStages();
        var job = stages.Install.AddJob("job-1");
        var rows = stages.Install.JobRows();
        var state = stages.State(dryRun: true);

        Batch(stages, state, new RunReporter(state.Summary, state.Host)).Run(new[] { "job-1" });

        Assert.Equal(CleanupOutcome.WouldDelete, Assert.Single(stages.Host.Of<CleanupResult>()).Outcome);
        Assert.True(stages.Install.AllPresent(job));
        Assert.Equal(rows, stages.Install.JobRows());
        Assert.Empty(stages.Install.AuditRows());
    }

    [Fact]
    public void A_batch_whose_every_job_is_declined_leaves_the_store_as_it_was()
    {
        using var stages = new RunStages(new RecordingHost(shouldProcess: false));
        var job = stages.Install.AddJob("job-1");
        var state = stages.State();

        Batch(stages, state, new RunReporter(state.Summary, state.Host)).Run(new[] { "job-1" });

        Assert.Equal(1, state.Summary.JobsDeclined);
        Assert.True(stages.Install.AllPresent(job));
        Assert.False(stages.Install.HasColumn("data_cleaned_at"), "the store was migrated for a batch that deleted nothing");
    }

    [Fact]
    public void A_host_that_stops_at_the_first_error_leaves_every_job_after_it_untouched()
    {
        using var stages = new RunStages();
        var job = stages.Install.AddJob("job-1");
        var host = new ThrowingHost();
        var state = stages.State(host: host);

        Assert.Throws<StoppedAtError>(() => Batch(stages, state, new RunReporter(state.Summary, host)).Run(new[] { "ghost", "job-1" }));

        Assert.True(stages.Install.AllPresent(job));
        Assert.Null(stages.Install.CleanedAt("job-1"));
    }

    private sealed class StoppedAtError(string message) : Exception(message);

    /// <summary>-ErrorAction Stop: the first error written ends the run there.</summary>
    private sealed class ThrowingHost : IOperationHost
    {
        public bool StopsAtFirstError => true;
        public CancellationToken Cancellation => CancellationToken.None;
        public void WriteObject(object item) { }
        public void WriteVerbose(string message) { }
        public void WriteWarning(string message) { }
        public void WriteNotice(Notice notice) { }
        public void WriteError(OperationError error) => throw new StoppedAtError(error.Message);
        public void WriteProgress(OperationProgress progress) { }
        public bool ShouldProcess(string target, string action) => true;
    }
}
