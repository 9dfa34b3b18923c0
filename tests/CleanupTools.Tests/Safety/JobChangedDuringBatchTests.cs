using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A batch is read once, and deleting it takes time. An application that re-runs a job meanwhile (status back to
/// running, new output being written) must keep that output and its row: each job is read again, alone, by the worker
/// about to delete it, and a row is marked only if it still reads as evaluated. Real SQLite files, real trees; the
/// application's change is a real UPDATE made at the chosen moment, through the host or around the real store.
/// </summary>
public sealed class JobChangedDuringBatchTests
{
    private const string Rerun = "job-b-rerun";

    public enum Mode { Parallel, OneAtATime, Quarantine, Worker }

    private static CleanupOptions Options(Mode mode) => new()
    {
        AllowMassDeletion = true,
        MaxWorkers = 4,
        Quarantine = mode == Mode.Quarantine ? true : null,
        Worker = mode == Mode.Worker,
    };

    private static IOperationHost Host(Mode mode, RecordingHost recording) => mode == Mode.OneAtATime ? new StoppingHost(recording) : recording;

    /// <summary>What the application does when it re-runs a job: its row goes back to running, and new output appears.</summary>
    private static string ReRun(JobInstallation install, string id)
    {
        install.Execute("UPDATE jobs SET status = 'running', completed_at = NULL WHERE id = $id", ("$id", id));
        var output = Path.Combine(install.ResultsOf(id), "outputs", "day_002.tif");
        JobInstallation.Write(output, 4_321, seed: 42);
        return output;
    }

    [Theory]
    [InlineData(Mode.Parallel)]
    [InlineData(Mode.OneAtATime)]
    [InlineData(Mode.Quarantine)]
    [InlineData(Mode.Worker)]
    public void A_job_re_run_after_its_batch_was_read_keeps_its_files_its_new_output_and_its_row(Mode mode)
    {
        using var install = new JobInstallation();
        var first = install.AddJob("job-a", seed: 1);
        var rerun = install.AddJob(Rerun, seed: 2);
        var last = install.AddJob("job-c", seed: 3);
        string? newOutput = null;
        // The batch has been read and evaluated; while the operator confirms this job, the application re-runs it.
        var recording = new RecordingHost((target, _) =>
        {
            if (target.StartsWith(Rerun, StringComparison.Ordinal)) newOutput = ReRun(install, Rerun);
            return true;
        });

        CleanupRunSummary summary;
        using (var context = install.Open(Options(mode)))
        {
            using var run = new CleanupRun(context, Host(mode, recording));
            run.RunEligible(CandidateFilter.None);
            summary = run.Complete();
        }

        Assert.NotNull(newOutput);
        Assert.True(File.Exists(newOutput), "the re-run's new output was deleted");
        Assert.True(install.AllPresent(rerun), "the re-run job lost files");
        Assert.Equal("running", install.Scalar("SELECT status FROM jobs WHERE id = $id", ("$id", rerun.Id)));
        Assert.Null(install.CleanedAt(rerun.Id));
        Assert.Null(install.Summary(rerun.Id));
        var skipped = Assert.Single(recording.Of<CleanupResult>(), r => r.JobId == rerun.Id);
        Assert.Equal(CleanupOutcome.Skipped, skipped.Outcome);
        Assert.Equal(JobStatus.Running, skipped.Status);
        Assert.Equal(0, skipped.BytesFreed);
        Assert.StartsWith("status changed from 'completed' to 'running' and completion time changed from '", skipped.Reason);
        Assert.EndsWith("to NULL since it was evaluated", skipped.Reason);
        Assert.Contains($"Job {rerun.Id}: skipped at deletion time; {skipped.Reason}.", recording.Verbose);
        Assert.Equal(1, summary.JobsSkipped);
        Assert.Empty(recording.Errors);
        Assert.DoesNotContain(install.AuditRows(), a => a.Contains(rerun.Id));
        // A worker gives the job back with the rest of its batch, for whichever run finds it eligible again.
        if (mode == Mode.Worker) Assert.Null(install.Scalar("SELECT cleanup_claimed_by FROM jobs WHERE id = $id", ("$id", rerun.Id)));

        foreach (var job in new[] { first, last })
        {
            Assert.Equal(mode == Mode.Quarantine ? CleanupOutcome.Quarantined : CleanupOutcome.Deleted,
                Assert.Single(recording.Of<CleanupResult>(), r => r.JobId == job.Id).Outcome);
            Assert.False(install.AnyPresent(job));
            Assert.NotNull(install.CleanedAt(job.Id));
        }
        Assert.Equal(2, summary.SuccessfulJobsProcessed);
    }

    [Fact]
    public void Each_job_is_read_again_alone_by_its_worker_immediately_before_its_deletion()
    {
        using var install = new JobInstallation();
        var jobs = new[] { install.AddJob("job-a", seed: 1), install.AddJob(Rerun, seed: 2), install.AddJob("job-c", seed: 3) };
        var recording = new RecordingHost();
        string? newOutput = null;
        CleanupRunSummary summary;

        using (var context = install.OpenIntercepted(out var store, Options(Mode.Parallel)))
        {
            // The application re-runs the job at the last moment the run can see: as the worker reads it to delete it.
            store.BeforeGetJobs = ids =>
            {
                if (ids.Count == 1 && ids.Single() == Rerun && newOutput is null) newOutput = ReRun(install, Rerun);
            };
            using var run = new CleanupRun(context, recording);
            run.RunEligible(CandidateFilter.None);
            summary = run.Complete();

            // One read of the batch, then one read of each job alone.
            Assert.Contains(store.Reads, r => r.Length == 3);
            Assert.Equal(jobs.Select(j => j.Id).Order(StringComparer.Ordinal), store.Reads.Where(r => r.Length == 1).Select(r => r[0]).Order(StringComparer.Ordinal));
        }

        Assert.True(File.Exists(newOutput));
        Assert.True(install.AllPresent(jobs[1]));
        Assert.Null(install.CleanedAt(Rerun));
        Assert.Equal(CleanupOutcome.Skipped, Assert.Single(recording.Of<CleanupResult>(), r => r.JobId == Rerun).Outcome);
        Assert.Equal(1, summary.JobsSkipped);
        Assert.All(new[] { jobs[0], jobs[2] }, job => Assert.NotNull(install.CleanedAt(job.Id)));
    }

    [Theory]
    [InlineData(false, "DeleteData", "its data was deleted before the change could be seen")]
    [InlineData(true, "Quarantine", "its data was moved into the backup of run ")]
    public void A_job_changed_after_its_deletion_and_before_its_record_is_not_marked_and_the_audit_says_so(bool quarantine, string action, string what)
    {
        using var install = new JobInstallation();
        var jobs = new[] { install.AddJob("job-a", seed: 1), install.AddJob(Rerun, seed: 2), install.AddJob("job-c", seed: 3) };
        var recording = new RecordingHost();
        string? newOutput = null;
        CleanupRunSummary summary;

        using (var context = install.OpenIntercepted(out var store, Options(quarantine ? Mode.Quarantine : Mode.Parallel)))
        {
            // Its files are gone already; the application re-runs it before the run writes its batch down.
            store.BeforeRecord = records =>
            {
                if (newOutput is null && records.Any(r => r.JobId == Rerun)) newOutput = ReRun(install, Rerun);
            };
            using var run = new CleanupRun(context, recording);
            run.RunEligible(CandidateFilter.None);
            summary = run.Complete();
        }

        Assert.Equal("running", install.Scalar("SELECT status FROM jobs WHERE id = $id", ("$id", Rerun)));
        Assert.Null(install.CleanedAt(Rerun));
        Assert.Null(install.Summary(Rerun));
        Assert.True(File.Exists(newOutput), "the run touched the job after recording it");

        var result = Assert.Single(recording.Of<CleanupResult>(), r => r.JobId == Rerun);
        Assert.Equal(CleanupOutcome.Partial, result.Outcome);
        Assert.False(result.DataDeleted);
        Assert.Equal(jobs[1].TotalBytes, quarantine ? result.BytesMoved : result.BytesFreed);
        Assert.StartsWith("status changed from 'completed' to 'running' and completion time changed from '", result.Reason);
        Assert.Contains($"to NULL while it was being cleaned: {what}", result.Reason);
        Assert.EndsWith("its row is not marked cleaned", result.Reason);
        var error = Assert.Single(recording.Errors);
        Assert.Equal(("JobChangedDuringCleanup", Rerun), (error.ErrorId, error.Target));
        Assert.Equal(1, summary.JobsWithErrors);
        // What was done to the files, then that the row changed and was left unmarked.
        Assert.Equal(new[] { $"job {Rerun} {action} {(quarantine ? "Quarantined" : "Deleted")}", $"job {Rerun} {action} Changed" },
            install.AuditRows().Where(a => a.Contains(Rerun)));
        Assert.Equal(result.Reason, install.Scalar("SELECT error FROM cleanup_audit WHERE item = $id AND outcome = 'Changed'", ("$id", Rerun)));

        Assert.All(new[] { jobs[0], jobs[2] }, job =>
        {
            Assert.False(install.AnyPresent(job));
            Assert.NotNull(install.CleanedAt(job.Id));
        });

        // The job is running now: the next run leaves it and its new output alone.
        var next = new RecordingHost();
        install.Run(next, options: Options(Mode.Parallel));
        Assert.True(File.Exists(newOutput));
        Assert.Null(install.CleanedAt(Rerun));
    }

    /// <summary>A host that, like PowerShell's -ErrorAction Stop, makes the run act on and record one job at a time.</summary>
    private sealed class StoppingHost : IOperationHost
    {
        private readonly RecordingHost _inner;

        public StoppingHost(RecordingHost inner) => _inner = inner;

        public void WriteObject(object item) => _inner.WriteObject(item);
        public void WriteVerbose(string message) => _inner.WriteVerbose(message);
        public void WriteWarning(string message) => _inner.WriteWarning(message);
        public void WriteNotice(Notice notice) => _inner.WriteNotice(notice);
        public void WriteError(OperationError error) => _inner.WriteError(error);
        public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
        public bool ShouldProcess(string target, string action) => _inner.ShouldProcess(target, action);
        public CancellationToken Cancellation => _inner.Cancellation;
        public bool StopsAtFirstError => true;
    }
}
