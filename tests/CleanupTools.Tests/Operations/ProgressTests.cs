using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>More jobs than one batch: progress after each batch, closed by a Completed record (Write-Progress -Completed).</summary>
public sealed class ProgressTests
{
    [Fact]
    public void A_run_over_several_batches_reports_progress_and_closes_it()
    {
        using var install = new JobInstallation();
        var jobs = Enumerable.Range(1, 7).Select(i => install.AddJob($"job-{i:00}", "completed", 300 + i, seed: i)).ToArray();
        install.AddJob("job-99-recent", "completed", 1, seed: 99);
        var host = new RecordingHost();

        install.Run(host, options: new CleanupOptions { BatchSize = 3 });

        Assert.True(host.Progress.Count >= 3, $"expected a record per batch, got {host.Progress.Count}");
        var last = host.Progress[^1];
        Assert.True(last.Completed);
        Assert.Equal(100, last.PercentComplete);
        Assert.All(host.Progress.Take(host.Progress.Count - 1), p =>
        {
            Assert.False(p.Completed);
            Assert.InRange(p.PercentComplete, 0, 99);
        });
        var percents = host.Progress.Select(p => p.PercentComplete).ToArray();
        Assert.Equal(percents.Order(), percents);
        Assert.Single(host.Progress, p => p.Completed);
        Assert.All(jobs, j => Assert.False(install.AnyPresent(j)));
    }

    [Fact]
    public void A_run_within_one_batch_draws_no_progress_bar()
    {
        using var install = new JobInstallation();
        install.AddJob("job-1", "completed", 300);
        install.AddJob("job-2", "failed", 300);
        var host = new RecordingHost();

        install.Run(host, options: new CleanupOptions { BatchSize = 10 });

        Assert.Empty(host.Progress);
        Assert.Equal(2, host.Of<CleanupResult>().Count());
    }
}
