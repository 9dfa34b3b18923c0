using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A deleting run remembers who held a shared upload in one batch and only re-reads them in the next (issue 8 item
/// 9): when a remembered holder lets go between batches, the upload is judged again against the store as it is now.
/// </summary>
public sealed class SharedUploadAcrossBatchesTests
{
    /// <summary>job-a and job-b (expired) and job-r (running) name one upload; batches of one job; <paramref name="between"/> runs once, while job-a is in hand.</summary>
    private static (JobInstallation Install, RecordingHost Host, string Dem) RunWithChange(Action<JobInstallation> between)
    {
        var install = new JobInstallation();
        var a = install.AddJob("job-a", "completed", 500);
        install.InsertRow("job-b", "completed", install.HoursAgo(600), a.Dem);
        install.InsertRow("job-r", "running", null, a.Dem);
        var changed = false;
        var host = new RecordingHost((target, _) =>
        {
            if (!changed && target.Contains("job-a", StringComparison.Ordinal))
            {
                changed = true;
                between(install);
            }
            return true;
        });
        install.Run(host, options: new CleanupOptions { BatchSize = 1, AllowMassDeletion = true });
        Assert.True(changed);
        return (install, host, a.Dem!);
    }

    [Fact]
    public void A_remembered_holder_that_lets_go_while_another_job_takes_the_upload_still_keeps_it()
    {
        var (install, host, dem) = RunWithChange(i =>
        {
            i.Execute("UPDATE jobs SET status = 'completed', completed_at = $at WHERE id = 'job-r'", ("$at", i.HoursAgo(700)));
            i.Execute("INSERT INTO jobs (id, workflow_type, status, dem_filename) SELECT 'job-n', workflow_type, 'pending', dem_filename FROM jobs WHERE id = 'job-a'");
        });
        using (install)
        {
            Assert.True(File.Exists(install.UploadOf(dem)));
            var b = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == "job-b");
            Assert.Contains("job-n", b.Reason);
            Assert.DoesNotContain(host.Of<CleanupResult>(), r => r.FilesDeleted.Contains($"uploads/{dem}"));
        }
    }

    [Fact]
    public void A_remembered_holder_that_lets_go_with_no_one_else_needing_the_upload_lets_it_be_deleted()
    {
        var (install, host, dem) = RunWithChange(i =>
            i.Execute("UPDATE jobs SET status = 'completed', completed_at = $at WHERE id = 'job-r'", ("$at", i.HoursAgo(700))));
        using (install)
        {
            Assert.False(File.Exists(install.UploadOf(dem)));
            Assert.Contains($"uploads/{dem}", Assert.Single(host.Of<CleanupResult>(), r => r.JobId == "job-b").FilesDeleted);
            Assert.Empty(host.Errors);
        }
    }
}
