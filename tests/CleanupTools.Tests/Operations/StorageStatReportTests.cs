using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>Get-StorageStat: health by thresholds (reference 004's 85 % / 95 %) and what the policy would reclaim.</summary>
public sealed class StorageStatReportTests
{
    [Theory]
    [InlineData(0, StorageHealth.Healthy)]
    [InlineData(84.9, StorageHealth.Healthy)]
    [InlineData(85, StorageHealth.Warning)]
    [InlineData(94.9, StorageHealth.Warning)]
    [InlineData(95, StorageHealth.Critical)]
    [InlineData(100, StorageHealth.Critical)]
    public void Classify_uses_the_default_thresholds_inclusively(double usage, StorageHealth expected) =>
        Assert.Equal(expected, StorageStatReport.Classify(usage, CleanupSettings.DefaultWarningPercent, CleanupSettings.DefaultCriticalPercent));

    [Theory]
    [InlineData(49.9, StorageHealth.Healthy)]
    [InlineData(50, StorageHealth.Warning)]
    [InlineData(69.9, StorageHealth.Warning)]
    [InlineData(70, StorageHealth.Critical)]
    public void Classify_follows_configured_thresholds(double usage, StorageHealth expected) =>
        Assert.Equal(expected, StorageStatReport.Classify(usage, 50, 70));

    [Fact]
    public void Reclaimable_bytes_are_what_a_run_then_frees_root_by_root()
    {
        using var install = new JobInstallation();
        var jobs = new[]
        {
            install.AddJob("job-1", "completed", 400, seed: 1),
            install.AddJob("job-2", "failed", 40, seed: 2),
        };
        install.AddJob("job-3-recent", "completed", 4, seed: 3);
        install.AddJob("job-4-running", "running", 900, seed: 4);
        install.InsertRow("../hostile", "completed", install.HoursAgo(900), null);
        var outside = Path.Combine(install.Outside, "big.bin");
        JobInstallation.Write(outside, 300_000, 5);
        File.CreateSymbolicLink(Path.Combine(install.ResultsOf("job-1"), "big.bin"), outside);

        var before = Stats(install);
        var host = new RecordingHost();
        var summary = install.Run(host);
        var after = Stats(install);

        Assert.Equal(jobs.Sum(j => j.ResultsBytes), before["results"].ReclaimableBytes);
        Assert.Equal(jobs.Sum(j => j.UploadBytes), before["uploads"].ReclaimableBytes);
        Assert.Equal(jobs.Sum(j => j.TempBytes), before["temp"].ReclaimableBytes);
        Assert.Equal(before.Values.Sum(s => s.ReclaimableBytes), summary.TotalBytesFreed);
        foreach (var root in new[] { "results", "uploads", "temp" })
        {
            Assert.Equal(before[root].ReclaimableBytes, before[root].Bytes - after[root].Bytes);
            Assert.Equal(0, after[root].ReclaimableBytes);
            Assert.True(before[root].Exists);
            Assert.Contains(before[root].Health, new[] { StorageHealth.Healthy, StorageHealth.Warning, StorageHealth.Critical });
            Assert.Equal(StorageStatReport.Classify(before[root].UsagePercent, 85, 95), before[root].Health);
        }
    }

    [Fact]
    public void A_missing_root_is_reported_Missing_rather_than_failing()
    {
        using var install = new JobInstallation();
        Directory.Delete(install.Temp);

        var stats = Stats(install);

        Assert.False(stats["temp"].Exists);
        Assert.Equal(StorageHealth.Missing, stats["temp"].Health);
        Assert.True(stats["results"].Exists);
    }

    private static Dictionary<string, StorageStat> Stats(JobInstallation install)
    {
        using var context = install.Open();
        return StorageStatReport.Build(context, new RecordingHost()).ToDictionary(s => s.Root);
    }
}
