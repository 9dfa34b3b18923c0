using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// Two jobs naming one uploaded file (a re-run of the same DEM): the expired job's upload stays while a job
/// that still needs it exists, and goes once every job naming it is cleaned or eligible.
/// </summary>
public sealed class SharedUploadTests
{
    [Fact]
    public void An_upload_a_running_job_still_uses_is_kept_and_the_rest_of_the_job_is_cleaned()
    {
        using var install = new JobInstallation();
        var old = install.AddJob("job-old", "completed", 500);
        install.InsertRow("job-rerun", "running", null, old.Dem);

        var host = new RecordingHost();
        install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
        Assert.True(File.Exists(install.UploadOf(old.Dem!)));
        Assert.DoesNotContain($"uploads/{old.Dem}", result.FilesDeleted);
        Assert.Contains("job-rerun", result.Reason);
        Assert.False(JobInstallation.Present(install.ResultsOf(old.Id)));
        Assert.NotNull(install.CleanedAt(old.Id));
    }

    [Fact]
    public void The_preview_lists_the_shared_upload_as_kept()
    {
        using var install = new JobInstallation();
        var old = install.AddJob("job-old", "completed", 500);
        install.InsertRow("job-new", "completed", install.HoursAgo(1), old.Dem);

        using var context = install.Open();
        var candidate = Assert.Single(CandidateFinder.Find(context, CandidateFilter.None, includeKept: false, new RecordingHost()));

        Assert.DoesNotContain(install.UploadOf(old.Dem!), candidate.Paths);
        Assert.Contains("job-new", candidate.Reason);
    }

    [Fact]
    public void An_upload_shared_only_with_cleaned_or_eligible_jobs_is_deleted()
    {
        using var install = new JobInstallation();
        var first = install.AddJob("job-a", "completed", 500);
        install.InsertRow("job-b", "failed", install.HoursAgo(100), first.Dem);
        install.InsertRow("job-c", "completed", install.HoursAgo(900), first.Dem);
        install.Execute("ALTER TABLE jobs ADD COLUMN data_cleaned_at TIMESTAMP");
        install.Execute("UPDATE jobs SET data_cleaned_at = '2025-01-01 00:00:00' WHERE id = 'job-c'");

        var host = new RecordingHost();
        install.Run(host);

        Assert.False(File.Exists(install.UploadOf(first.Dem!)));
        Assert.Contains(host.Of<CleanupResult>(), r => r.FilesDeleted.Contains($"uploads/{first.Dem}"));
        Assert.Empty(host.Errors);
    }
}
