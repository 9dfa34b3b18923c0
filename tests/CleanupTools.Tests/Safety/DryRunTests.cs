using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A dry run changes nothing: every file of the tree and the database stay byte-identical (the store is not
/// even migrated), yet the report names the paths and sizes a real run would delete, and a real run then frees
/// exactly that.
/// </summary>
public sealed class DryRunTests
{
    [Fact]
    public void Dry_run_leaves_tree_and_database_byte_identical_and_reports_what_would_go()
    {
        using var install = new JobInstallation();
        var completed = install.AddJob("job-old-completed", "completed", 400, seed: 1);
        var failed = install.AddJob("job-old-failed", "failed", 13, seed: 2);
        var recent = install.AddJob("job-recent", "completed", 10, seed: 3);
        var running = install.AddJob("job-running", "running", 900, seed: 4);
        install.InsertRow("../escape", "completed", install.HoursAgo(900), null);
        var before = install.Snapshot();
        Assert.False(install.HasColumn("data_cleaned_at"));

        var host = new RecordingHost();
        var summary = install.Run(host, dryRun: true);

        Assert.Equal(before, install.Snapshot());
        Assert.False(install.HasColumn("data_cleaned_at")); // not even the schema was touched
        Assert.True(summary.DryRun);
        Assert.Empty(host.ShouldProcessCalls); // a dry run asks nobody: it cannot delete anything

        foreach (var job in new[] { completed, failed })
        {
            var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id);
            Assert.Equal(CleanupOutcome.WouldDelete, result.Outcome);
            Assert.False(result.DataDeleted);
            Assert.Equal(job.TotalBytes, result.BytesFreed);
            Assert.Equal(new[] { $"uploads/{job.Dem}" }, result.FilesDeleted);
            Assert.Equal(new[] { $"results/{job.Id}", $"temp/{job.Id}" }, result.DirectoriesDeleted.Order());
        }
        Assert.Equal(CleanupAction.DeleteData, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == completed.Id).Action);
        Assert.Equal(CleanupAction.DeleteAll, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == failed.Id).Action);
        Assert.DoesNotContain(host.Of<CleanupResult>(), r => r.JobId == recent.Id || r.JobId == running.Id);
        Assert.Equal(CleanupOutcome.Failed, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == "../escape").Outcome);
        Assert.Equal(completed.TotalBytes + failed.TotalBytes, summary.TotalBytesFreed);
        Assert.Equal(1, summary.SuccessfulJobsProcessed);
        Assert.Equal(1, summary.FailedJobsProcessed);

        // The real run frees exactly what the dry run promised.
        var real = new RecordingHost();
        var realSummary = install.Run(real, dryRun: false);
        Assert.Equal(summary.TotalBytesFreed, realSummary.TotalBytesFreed);
        Assert.False(install.AnyPresent(completed));
        Assert.False(install.AnyPresent(failed));
        Assert.True(install.AllPresent(recent));
    }

    [Theory]
    [InlineData("CLEANUPTOOLS_DRY_RUN", "true")]
    [InlineData("EEMT_CLEANUP_DRY_RUN", "1")]
    [InlineData("EEMT_DRY_RUN", "yes")]
    public void Dry_run_requested_by_the_environment_changes_nothing(string variable, string value)
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-old", "completed", 400);
        var before = install.Snapshot();
        var host = new RecordingHost();

        using (var context = install.Open(environment: new Dictionary<string, string?> { [variable] = value }))
        {
            using var run = new CleanupRun(context, host);
            run.RunEligible(CandidateFilter.None);
            Assert.True(run.Complete().DryRun);
        }

        Assert.Equal(CleanupOutcome.WouldDelete, Assert.Single(host.Of<CleanupResult>()).Outcome);
        Assert.Equal(job.TotalBytes, Assert.Single(host.Of<CleanupResult>()).BytesFreed);
        Assert.Equal(before, install.Snapshot());
    }
}
