using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// What was eligible when queued may not be eligible when the batch is processed (the job was re-run, re-queued
/// or cleaned by someone else): the run re-reads and re-evaluates every job at deletion time. Running and
/// pending jobs are never touched, whoever names them.
/// </summary>
public sealed class DeletionTimeRecheckTests
{
    [Fact]
    public void Jobs_changed_in_the_store_after_being_queued_are_skipped_with_nothing_deleted()
    {
        using var install = new JobInstallation();
        var rerun = install.AddJob("job-a-rerun", "completed", 500, seed: 1);
        var refreshed = install.AddJob("job-b-refreshed", "completed", 500, seed: 2);
        var requeued = install.AddJob("job-c-requeued", "failed", 500, seed: 3);
        var control = install.AddJob("job-d-control", "completed", 500, seed: 4);
        var host = new RecordingHost();

        using (var context = install.Open())
        {
            using var run = new CleanupRun(context, host);
            foreach (var id in new[] { rerun.Id, refreshed.Id, requeued.Id, control.Id }) run.Add(id);
            Assert.Empty(host.Objects); // nothing processed yet: the batch has not flushed

            // Between the preview and the flush the application re-runs and re-queues jobs.
            install.Execute("UPDATE jobs SET status = 'running', completed_at = NULL WHERE id = $id", ("$id", rerun.Id));
            install.Execute("UPDATE jobs SET completed_at = $now WHERE id = $id", ("$now", JobInstallation.StoreTime(install.Clock.Now)), ("$id", refreshed.Id));
            install.Execute("UPDATE jobs SET status = 'pending' WHERE id = $id", ("$id", requeued.Id));

            var summary = run.Complete();
            Assert.Equal(3, summary.JobsSkipped);
            Assert.Equal(1, summary.SuccessfulJobsProcessed);
        }

        foreach (var job in new[] { rerun, refreshed, requeued })
        {
            var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id);
            Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
            Assert.Equal(0, result.BytesFreed);
            Assert.True(install.AllPresent(job), $"{job.Id} lost files");
            Assert.Null(install.CleanedAt(job.Id));
            Assert.Null(install.Summary(job.Id));
        }
        Assert.Contains("never cleaned", Result(host, rerun.Id).Reason);
        Assert.Contains("within the successful_jobs retention", Result(host, refreshed.Id).Reason);
        // Only the job that was still eligible was offered for deletion.
        var call = Assert.Single(host.ShouldProcessCalls);
        Assert.StartsWith(control.Id, call.Target);
        Assert.False(install.AnyPresent(control));
        Assert.Equal(CleanupOutcome.Deleted, Result(host, control.Id).Outcome);
        Assert.Contains(host.Verbose, v => v.Contains(rerun.Id) && v.Contains("skipped at deletion time"));
    }

    [Fact]
    public void A_job_cleaned_by_another_run_after_being_queued_is_not_cleaned_twice()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-raced", "completed", 500);
        var host = new RecordingHost();

        // The queued run is a worker (workers share the store; an exclusive run would have locked the other out).
        using (var context = install.Open(new CleanupOptions { Worker = true }))
        {
            using var run = new CleanupRun(context, host);
            run.Add(job.Id);
            // A concurrent run gets there first (and migrates the store while doing so).
            Assert.Equal(CleanupOutcome.Deleted, Assert.Single(RunSeparately(install, job.Id)).Outcome);
            var firstMark = install.CleanedAt(job.Id);
            var firstSummary = install.Summary(job.Id)!.Value.GetRawText();
            install.Clock.Advance(TimeSpan.FromHours(1));

            run.Complete();

            Assert.Equal(CleanupOutcome.Skipped, Assert.Single(host.Of<CleanupResult>()).Outcome);
            Assert.Contains("already cleaned", Assert.Single(host.Of<CleanupResult>()).Reason);
            Assert.Equal(firstMark, install.CleanedAt(job.Id));
            Assert.Equal(firstSummary, install.Summary(job.Id)!.Value.GetRawText());
        }
        Assert.Empty(host.ShouldProcessCalls);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("pending")]
    [InlineData("cancelled")]
    [InlineData("Completed")] // status words are matched exactly: an unmapped spelling is unknown, and unknown is never cleaned
    public void Active_or_unknown_jobs_named_explicitly_by_id_are_never_touched(string status)
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-active", status, 5000);
        var before = install.Snapshot();
        var rowBefore = Assert.Single(install.JobRows());
        var host = new RecordingHost(); // approves everything it is asked

        var summary = install.Run(host, ids: new[] { job.Id });

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
        Assert.Equal(CleanupAction.Keep, result.Action);
        Assert.Contains("never cleaned", result.Reason);
        Assert.Empty(host.ShouldProcessCalls);
        Assert.Empty(host.Errors);
        Assert.Equal(1, summary.JobsSkipped);
        // Not a file, not a value of the job's row (the migration adds only NULL columns); the audit trail holds the run alone.
        Assert.Equal(before.Where(e => !e.Key.EndsWith("jobs.db", StringComparison.Ordinal)), install.Snapshot().Where(e => !e.Key.EndsWith("jobs.db", StringComparison.Ordinal)));
        Assert.StartsWith(rowBefore, Assert.Single(install.JobRows()));
        Assert.Equal(new[] { $"run {summary.RunId} Run Completed" }, install.AuditRows());
    }

    [Fact]
    public void Running_jobs_are_not_touched_even_with_the_shortest_retention_by_parameter()
    {
        using var install = new JobInstallation();
        var running = install.AddJob("job-running", "running", 5000, seed: 1);
        var pending = install.AddJob("job-pending", "pending", null, seed: 2);
        var done = install.AddJob("job-done", "completed", 2, seed: 3);
        var host = new RecordingHost();

        install.Run(host, options: new CleanupOptions { SuccessRetention = TimeSpan.FromHours(1), FailedRetention = TimeSpan.FromMinutes(1) },
            ids: new[] { running.Id, pending.Id, done.Id });

        Assert.True(install.AllPresent(running));
        Assert.True(install.AllPresent(pending));
        Assert.False(install.AnyPresent(done));
        Assert.Equal(CleanupOutcome.Deleted, Result(host, done.Id).Outcome);
    }

    private static CleanupResult Result(RecordingHost host, string id) => Assert.Single(host.Of<CleanupResult>(), r => r.JobId == id);

    private static IEnumerable<CleanupResult> RunSeparately(JobInstallation install, string id)
    {
        var host = new RecordingHost();
        install.Run(host, ids: new[] { id });
        return host.Of<CleanupResult>();
    }
}
