namespace CleanupTools.Tests.Cli;

/// <summary>`run --dry-run` and `candidates` as processes: the whole store, database included, stays byte-identical.</summary>
public sealed class DryRunCliTests
{
    [Fact]
    public void Run_dry_run_json_changes_no_byte_and_reports_what_a_run_would_delete()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var preview = install.Cli("candidates", "--json", "--include-kept", "--base-dir", install.Base);
        var dry = install.Cli("run", "--dry-run", "--json", "--base-dir", install.Base);

        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(before, install.Snapshot());
        Assert.All(install.Rows(), r => Assert.Null(r.CleanedAt));

        var report = dry.Json();
        Assert.True(report.GetProperty("dry_run").GetBoolean());
        var details = report.GetProperty("job_details").EnumerateArray().ToList();
        Assert.NotEmpty(details);
        Assert.All(details, d =>
        {
            Assert.Equal("WouldDelete", d.GetProperty("outcome").GetString());
            Assert.False(d.GetProperty("data_deleted").GetBoolean());
            Assert.NotEmpty(d.GetProperty("directories_deleted").EnumerateArray());
            Assert.True(d.GetProperty("size_freed_bytes").GetInt64() > 0);
        });
        var eligible = preview.Json().EnumerateArray().Where(c => c.GetProperty("action").GetString() != "Keep")
            .ToDictionary(c => c.GetProperty("job_id").GetString()!, c => c.GetProperty("size_bytes").GetInt64());
        Assert.Equal(eligible.Keys.Order(), details.Select(d => d.GetProperty("job_id").GetString()!).Order());
        Assert.All(details, d => Assert.Equal(eligible[d.GetProperty("job_id").GetString()!], d.GetProperty("size_freed_bytes").GetInt64()));
        Assert.Equal(Math.Round(eligible.Values.Sum() / 1048576.0, 1), report.GetProperty("total_size_freed_mb").GetDouble());
    }

    [Fact]
    public void Dry_run_requested_through_EEMT_CLEANUP_DRY_RUN_changes_nothing()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var dry = install.Cli(new Dictionary<string, string> { ["EEMT_CLEANUP_DRY_RUN"] = "true" }, "run", "--base-dir", install.Base);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("[DRY RUN]", dry.Stdout);
        Assert.Equal(before, install.Snapshot());
    }
}
