using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>Issue 9's honest reports, as processes: moved bytes are not freed bytes.</summary>
public sealed class HonestReportCliTests
{
    [Fact]
    public void A_quarantine_run_reports_its_bytes_as_moved_and_run_stats_agrees()
    {
        using var install = new DemoInstallation();

        var text = install.Cli("run", "--quarantine", "--base-dir", install.Base);
        var stats = install.Cli("run", "--stats", "--json", "--base-dir", install.Base);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Total disk space freed: 0.0 MB\n", text.Stdout);
        Assert.Matches(@"Moved to the backup root: [1-9][0-9.]* MB", text.Stdout);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Equal(0, stats.Json().GetProperty("bytes_freed").GetInt64());
        Assert.True(stats.Json().GetProperty("bytes_moved").GetInt64() > 0, stats.ToString());
    }

    [Fact]
    public void A_quarantine_runs_json_report_has_moved_bytes_per_job_and_in_total_and_frees_nothing()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--quarantine", "--json", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Json();
        var jobs = report.GetProperty("job_details").EnumerateArray().ToArray();
        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.Equal(0, j.GetProperty("size_freed_bytes").GetInt64()));
        Assert.All(jobs, j => Assert.True(j.GetProperty("size_moved_bytes").GetInt64() > 0, j.ToString()));
        Assert.Equal(0, report.GetProperty("total_size_freed_mb").GetDouble());
        Assert.Equal(jobs.Sum(j => j.GetProperty("size_moved_bytes").GetInt64()), report.GetProperty("total_size_moved_bytes").GetInt64());
    }

    [Fact]
    public void A_deleting_run_keeps_reference_000s_freed_line_and_adds_no_moved_line()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"Total disk space freed: [1-9][0-9]*\.[0-9] MB", run.Stdout);
        Assert.DoesNotContain("Moved to the backup root", run.Stdout);
    }
}
