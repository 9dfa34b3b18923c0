using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>Ids from the pipeline (Invoke-JobCleanup -JobId, or candidates piped in): unknown ids and repeats.</summary>
public sealed class PipelineIdTests
{
    [Fact]
    public void An_unknown_id_is_an_ObjectNotFound_error_and_the_run_continues()
    {
        using var install = new JobInstallation();
        var before = install.AddJob("job-a", "completed", 500, seed: 1);
        var after = install.AddJob("job-z", "failed", 500, seed: 2);
        var host = new RecordingHost();

        var summary = install.Run(host, ids: new[] { before.Id, "job-missing", after.Id });

        var error = Assert.Single(host.Errors);
        Assert.Equal("JobNotFound", error.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Equal("job-missing", error.Target);
        var missing = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == "job-missing");
        Assert.Equal(CleanupOutcome.Failed, missing.Outcome);
        Assert.Equal(JobStatus.Unknown, missing.Status);
        Assert.Equal(1, summary.JobsWithErrors);
        Assert.False(install.AnyPresent(before));
        Assert.False(install.AnyPresent(after));
        Assert.NotNull(install.CleanedAt(after.Id));
        Assert.Equal(2, install.RowCount()); // nothing invented for the missing id
    }

    [Fact]
    public void The_same_id_added_twice_is_acted_on_once()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-twice", "completed", 500);
        var host = new RecordingHost();

        var summary = install.Run(host, ids: new[] { job.Id, job.Id, job.Id });

        Assert.Single(host.ShouldProcessCalls);
        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
        Assert.Equal(job.TotalBytes, result.BytesFreed);
        Assert.Equal(1, summary.JobsConsidered);
        Assert.Equal(job.TotalBytes, summary.TotalBytesFreed);
    }

    [Fact]
    public void The_same_id_in_different_batches_is_acted_on_once()
    {
        using var install = new JobInstallation();
        var jobs = Enumerable.Range(1, 4).Select(i => install.AddJob($"job-{i}", "completed", 500, seed: i)).ToArray();
        var host = new RecordingHost();

        var summary = install.Run(host, options: new() { BatchSize = 2, AllowMassDeletion = true },
            ids: new[] { "job-1", "job-2", "job-1", "job-3", "job-2", "job-4", "job-1" });

        Assert.Equal(4, host.ShouldProcessCalls.Count);
        Assert.Equal(4, host.Of<CleanupResult>().Count());
        Assert.Equal(4, summary.JobsConsidered);
        Assert.All(jobs, j => Assert.False(install.AnyPresent(j)));
        Assert.Empty(host.Errors);
    }
}
