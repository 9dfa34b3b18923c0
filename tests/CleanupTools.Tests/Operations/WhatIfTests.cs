using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// Invoke-JobCleanup -WhatIf: the cmdlet builds CleanupRun with whatIf: true and a host whose ShouldProcess
/// answers false. Every eligible job is offered exactly once with an action naming its paths, and nothing on
/// disk or in the database changes, not even the refusal record of a hostile job or the schema migration.
/// </summary>
public sealed class WhatIfTests
{
    [Fact]
    public void WhatIf_asks_once_per_eligible_job_naming_its_paths_and_changes_nothing()
    {
        using var install = new JobInstallation();
        var jobs = new[]
        {
            install.AddJob("job-1", "completed", 400, seed: 1),
            install.AddJob("job-2", "failed", 30, seed: 2),
            install.AddJob("job-3", "completed", 1000, seed: 3),
        };
        var kept = install.AddJob("job-4-recent", "completed", 3, seed: 4);
        install.InsertRow("../../outside", "completed", install.HoursAgo(900), "dem.tif");
        var before = install.Snapshot();
        var host = new RecordingHost(shouldProcess: false);

        var summary = install.Run(host, whatIf: true);

        Assert.Equal(before, install.Snapshot());
        Assert.False(install.HasColumn("data_cleaned_at"));
        Assert.Equal(jobs.Length, host.ShouldProcessCalls.Count);
        foreach (var job in jobs)
        {
            var (target, action) = Assert.Single(host.ShouldProcessCalls, c => c.Target.StartsWith(job.Id + " ", StringComparison.Ordinal));
            Assert.Contains($"results/{job.Id}", action);
            Assert.Contains($"uploads/{job.Dem}", action);
            Assert.Contains($"temp/{job.Id}", action);
        }
        Assert.DoesNotContain(host.ShouldProcessCalls, c => c.Target.StartsWith(kept.Id, StringComparison.Ordinal));
        Assert.Equal(jobs.Length, summary.JobsDeclined);
        Assert.Equal(0, summary.TotalBytesFreed);
        Assert.Equal(0, summary.SuccessfulJobsProcessed + summary.FailedJobsProcessed);
        Assert.DoesNotContain(host.Of<CleanupResult>(), r => r.Outcome is CleanupOutcome.Deleted or CleanupOutcome.Partial);
        // The hostile job is still reported, so the preview shows it would fail.
        Assert.Equal(ErrorKind.SecurityError, Assert.Single(host.Errors).Kind);
    }

    [Fact]
    public void WhatIf_over_explicit_ids_changes_nothing_either()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-1", "completed", 400);
        install.InsertRow("..", "failed", install.HoursAgo(900), null);
        var before = install.Snapshot();
        var host = new RecordingHost(shouldProcess: false);

        install.Run(host, whatIf: true, ids: new[] { job.Id, "..", "no-such-job" });

        Assert.Equal(before, install.Snapshot());
        Assert.Single(host.ShouldProcessCalls);
        Assert.True(install.AllPresent(job));
    }
}
