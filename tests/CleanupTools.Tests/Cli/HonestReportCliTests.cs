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

    [Fact]
    public void A_restore_dry_run_says_would_restore_in_lower_case_and_a_restore_rewrites_the_summary()
    {
        using var install = new DemoInstallation();
        var quarantined = install.Cli("run", "--quarantine", "--json", "--base-dir", install.Base).Json();
        var job = quarantined.GetProperty("job_details").EnumerateArray().First().GetProperty("job_id").GetString()!;

        var preview = install.Cli("restore", "--job", job, "--dry-run", "--base-dir", install.Base);
        var restore = install.Cli("restore", "--job", job, "--base-dir", install.Base);

        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains("[DRY RUN] Would restore from backup ", preview.Stdout);
        Assert.DoesNotContain("Would Restore", preview.Stdout);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={install.DbPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT cleanup_summary FROM jobs WHERE id = $id";
        read.Parameters.AddWithValue("$id", job);
        using var summary = System.Text.Json.JsonDocument.Parse((string)read.ExecuteScalar()!);
        Assert.Equal("Restore", summary.RootElement.GetProperty("action").GetString());
    }

    [Fact]
    public void A_json_report_ends_its_line_so_an_error_that_follows_on_stderr_starts_a_new_one()
    {
        using var install = new DemoInstallation();

        // Refused by the mass-deletion guard: the report is closed, then the error goes to stderr (exit 4).
        var refused = install.Cli("run", "--json", "--max-deletion-percent", "1", "--base-dir", install.Base);
        var candidates = install.Cli("candidates", "--json", "--base-dir", install.Base);
        var completed = install.Cli("run", "--json", "--base-dir", install.Base);

        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.False(refused.Json().GetProperty("completed").GetBoolean());
        Assert.StartsWith("cleanuptools: Stopped before deleting anything", refused.Stderr);
        Assert.EndsWith("}\n", refused.Stdout);
        Assert.EndsWith("]\n", candidates.Stdout);
        Assert.EndsWith("}\n", completed.Stdout);
    }
}
