using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>When a progress bar appears, how often it moves, and how it ends.</summary>
public sealed class ProgressReporterTests
{
    [Fact]
    public void A_handful_of_jobs_draws_no_bar()
    {
        var host = new RecordingHost();
        var progress = new ProgressReporter(host, "x", total: ProgressReporter.Handful);

        for (var i = 1; i <= ProgressReporter.Handful; i++) progress.Report(i);
        progress.Complete();

        Assert.Empty(host.Progress);
    }

    [Fact]
    public void A_known_total_moves_in_about_fifty_steps_below_100_and_completes_once()
    {
        var host = new RecordingHost();
        var progress = new ProgressReporter(host, "x", total: 1000);

        for (var i = 1; i <= 1000; i++) progress.Report(i);
        progress.Complete();

        Assert.InRange(host.Progress.Count, 40, 52);
        Assert.All(host.Progress.SkipLast(1), p => Assert.InRange(p.PercentComplete, 0, 99));
        Assert.True(host.Progress[^1].Completed);
        Assert.Single(host.Progress, p => p.Completed);
    }

    [Fact]
    public void An_unknown_total_counts_jobs_with_an_indeterminate_percentage()
    {
        var host = new RecordingHost();
        var progress = new ProgressReporter(host, "x");

        for (var i = 1; i <= 20; i++) progress.Report(i);
        progress.Complete();

        Assert.Equal(15, host.Progress.Count(p => !p.Completed)); // jobs 6 to 20, one record each
        Assert.All(host.Progress.Where(p => !p.Completed), p => Assert.Equal(-1, p.PercentComplete));
        Assert.Equal("20 jobs", host.Progress[^2].Status);
        Assert.True(host.Progress[^1].Completed);
    }
}
