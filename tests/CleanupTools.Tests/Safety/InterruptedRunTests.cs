using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// Files go first and the record second, so a run killed in between leaves rows that still look uncleaned.
/// The next run must complete them: mark the row, report Deleted, and claim no bytes it did not free.
/// </summary>
public sealed class InterruptedRunTests
{
    [Fact]
    public void A_run_killed_after_deleting_but_before_recording_is_completed_by_the_next_run()
    {
        using var install = new JobInstallation();
        var whole = install.AddJob("job-killed-after-all", "completed", 500, seed: 1);
        var half = install.AddJob("job-killed-midway", "failed", 30, seed: 2);
        // The killed run got through all of one job and through results/ of the other.
        Directory.Delete(install.ResultsOf(whole.Id), recursive: true);
        File.Delete(install.UploadOf(whole.Dem!));
        Directory.Delete(install.TempOf(whole.Id), recursive: true);
        Directory.Delete(install.ResultsOf(half.Id), recursive: true);
        Assert.Null(install.CleanedAt(whole.Id));

        var host = new RecordingHost();
        var summary = install.Run(host);

        var completed = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == whole.Id);
        Assert.Equal(CleanupOutcome.Deleted, completed.Outcome);
        Assert.True(completed.DataDeleted);
        Assert.Equal(0, completed.BytesFreed);
        Assert.Empty(completed.FilesDeleted);
        Assert.Empty(completed.DirectoriesDeleted);
        Assert.NotNull(install.CleanedAt(whole.Id));
        Assert.Equal(0, install.Summary(whole.Id)!.Value.GetProperty("size_freed_bytes").GetInt64());

        var rest = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == half.Id);
        Assert.Equal(CleanupOutcome.Deleted, rest.Outcome);
        Assert.Equal(half.UploadBytes + half.TempBytes, rest.BytesFreed);
        Assert.Equal(new[] { $"uploads/{half.Dem}" }, rest.FilesDeleted);
        Assert.Equal(new[] { $"temp/{half.Id}" }, rest.DirectoriesDeleted);
        Assert.False(install.AnyPresent(half));
        Assert.NotNull(install.CleanedAt(half.Id));

        Assert.Empty(host.Errors);
        Assert.Equal(half.UploadBytes + half.TempBytes, summary.TotalBytesFreed);

        // And once recorded, a third run has nothing left to do.
        var third = new RecordingHost();
        install.Run(third);
        Assert.Empty(third.Of<CleanupResult>());
    }
}
