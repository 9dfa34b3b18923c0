using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathRuns;

/// <summary>Issue 9: after a restore the job's cleanup_summary describes the restore, not the quarantine it undid.</summary>
public sealed class RestoreSummaryTests : IDisposable
{
    private readonly JobInstallation _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public void A_restored_jobs_summary_says_what_came_back_from_which_backup()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        var run = _install.Run(new RecordingHost(), options: new CleanupOptions { Quarantine = true });
        Assert.Equal("Quarantine", _install.Summary(job.Id)!.Value.GetProperty("action").GetString());

        using (var context = _install.Open())
            Assert.Equal(3, BackupService.Restore(context, runId: null, jobId: job.Id, path: null, force: false, new RecordingHost()).Count);

        var summary = _install.Summary(job.Id)!.Value;
        Assert.Equal(("Restore", "Restored"), (summary.GetProperty("action").GetString(), summary.GetProperty("outcome").GetString()));
        Assert.Equal(new[] { run.RunId }, summary.GetProperty("backup_run_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { _install.ResultsOf(job.Id), _install.TempOf(job.Id), _install.UploadOf(job.Dem!) }.Order(),
            summary.GetProperty("paths_restored").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(job.TotalBytes, summary.GetProperty("size_restored_bytes").GetInt64());
        Assert.Empty(summary.GetProperty("errors").EnumerateArray());
        Assert.Null(_install.CleanedAt(job.Id));
    }

    [Theory]
    [InlineData(24, "1 day (24 h)")]
    [InlineData(48, "2 days (48 h)")]
    [InlineData(168, "7 days (168 h)")]
    [InlineData(12, "12 h")]
    public void A_retention_is_worded_in_the_right_number(int hours, string expected) =>
        Assert.Equal(expected, CandidateEvaluator.FormatRetention(TimeSpan.FromHours(hours)));
}
