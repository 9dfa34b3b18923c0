using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>Invoke-JobCleanup -Confirm: each job is its own prompt; only the jobs answered "Yes" lose their data.</summary>
public sealed class ConfirmPerJobTests
{
    [Fact]
    public void Only_approved_jobs_are_deleted_and_declined_ones_are_counted_and_left_unrecorded()
    {
        using var install = new JobInstallation();
        var jobs = Enumerable.Range(1, 6).Select(i => install.AddJob($"job-{i}", i % 2 == 0 ? "failed" : "completed", 500, seed: i)).ToArray();
        var approved = new HashSet<string> { "job-1", "job-4", "job-5" };
        var host = new RecordingHost((target, _) => approved.Contains(target.Split(' ')[0]));

        var summary = install.Run(host, options: new() { AllowMassDeletion = true }); // every job is expired: the guard is not what this tests

        Assert.Equal(jobs.Length, host.ShouldProcessCalls.Count);
        Assert.Equal(3, summary.JobsDeclined);
        foreach (var job in jobs)
        {
            if (approved.Contains(job.Id))
            {
                Assert.False(install.AnyPresent(job));
                Assert.NotNull(install.CleanedAt(job.Id));
                Assert.Equal(CleanupOutcome.Deleted, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id).Outcome);
            }
            else
            {
                Assert.True(install.AllPresent(job));
                Assert.Null(install.CleanedAt(job.Id));
                Assert.Null(install.Summary(job.Id));
                Assert.DoesNotContain(host.Of<CleanupResult>(), r => r.JobId == job.Id);
            }
        }
        Assert.Equal(jobs.Where(j => approved.Contains(j.Id)).Sum(j => j.TotalBytes), summary.TotalBytesFreed);

        // Declined jobs are still eligible: the next run asks about them again, and only them.
        var again = new RecordingHost(shouldProcess: true);
        install.Run(again, options: new() { AllowMassDeletion = true });
        Assert.Equal(new[] { "job-2", "job-3", "job-6" }, again.ShouldProcessCalls.Select(c => c.Target.Split(' ')[0]).Order());
    }
}
