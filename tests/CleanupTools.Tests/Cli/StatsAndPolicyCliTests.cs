using CleanupTools.Tests.Support;
using System.Text.Json;
using CleanupTools.Operations;

namespace CleanupTools.Tests.Cli;

/// <summary>`stats --json` and `policy` / `policy set` as processes.</summary>
public sealed class StatsAndPolicyCliTests
{
    [Fact]
    public void Stats_json_reports_each_root_and_reclaimable_bytes_that_match_the_candidates_and_the_run()
    {
        using var install = new DemoInstallation();

        var stats = install.Cli("stats", "--json", "--base-dir", install.Base);
        var candidates = install.Cli("candidates", "--json", "--base-dir", install.Base).Json();

        Assert.True(stats.ExitCode == 0, stats.ToString());
        var byRoot = stats.Json().EnumerateArray().ToDictionary(s => s.GetProperty("root").GetString()!);
        Assert.Equal(new[] { "results", "temp", "uploads" }, byRoot.Keys.Order());
        foreach (var (root, stat) in byRoot)
        {
            Assert.True(stat.GetProperty("exists").GetBoolean());
            Assert.Equal(Path.Combine(install.Base, root), stat.GetProperty("path").GetString());
            var (bytes, files) = Measure(Path.Combine(install.Base, root));
            Assert.Equal(bytes, stat.GetProperty("bytes").GetInt64());
            Assert.Equal(files, stat.GetProperty("files").GetInt64());
            var usage = stat.GetProperty("usage_percent").GetDouble();
            Assert.InRange(usage, 0, 100);
            Assert.Equal(StorageStatReport.Classify(usage, 85, 95).ToString(), stat.GetProperty("health").GetString());
        }
        var reclaimable = byRoot.Values.Sum(s => s.GetProperty("reclaimable_bytes").GetInt64());
        Assert.True(reclaimable > 0);
        Assert.Equal(candidates.EnumerateArray().Sum(c => c.GetProperty("size_bytes").GetInt64()), reclaimable);

        var run = install.Cli("run", "--json", "--base-dir", install.Base).Json();
        Assert.Equal(reclaimable, run.GetProperty("total_size_freed_bytes").GetInt64());
        var after = install.Cli("stats", "--json", "--base-dir", install.Base).Json().EnumerateArray().ToDictionary(s => s.GetProperty("root").GetString()!);
        foreach (var root in byRoot.Keys)
        {
            Assert.Equal(0, after[root].GetProperty("reclaimable_bytes").GetInt64());
            Assert.Equal(byRoot[root].GetProperty("reclaimable_bytes").GetInt64(), byRoot[root].GetProperty("bytes").GetInt64() - after[root].GetProperty("bytes").GetInt64());
        }
    }

    [Fact]
    public void Stats_health_follows_the_threshold_options()
    {
        using var install = new DemoInstallation();

        var stats = install.Cli("stats", "--json", "--base-dir", install.Base, "--warning-threshold", "0.01", "--critical-threshold", "0.02");

        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.All(stats.Json().EnumerateArray(), s => Assert.Equal("Critical", s.GetProperty("health").GetString()));
    }

    [Fact]
    public void Stats_rejects_a_warning_threshold_above_the_critical_one()
    {
        using var install = new DemoInstallation();

        var stats = install.Cli("stats", "--json", "--base-dir", install.Base, "--warning-threshold", "96", "--critical-threshold", "95");

        Assert.True(stats.ExitCode == 2, stats.ToString());
        Assert.Contains("warning threshold", stats.Stderr);
    }

    [Fact]
    public void Policy_set_is_stored_and_then_shown_with_source_Stored_and_governs_the_next_preview()
    {
        using var install = new DemoInstallation();
        var defaults = Policies(install.Cli("policy", "--json", "--base-dir", install.Base));
        Assert.Equal("Default", defaults["successful_jobs"].GetProperty("source").GetString());
        var defaultCandidates = install.Cli("candidates", "--json", "--base-dir", install.Base).Json().GetArrayLength();

        var set = install.Cli("policy", "set", "--name", "successful_jobs", "--retention-hours", "48", "--description", "two days", "--base-dir", install.Base);

        Assert.True(set.ExitCode == 0, set.ToString());
        var shown = Policies(install.Cli("policy", "--json", "--base-dir", install.Base));
        var successful = shown["successful_jobs"];
        Assert.Equal("Stored", successful.GetProperty("source").GetString());
        Assert.Equal(48, successful.GetProperty("retention_hours").GetDouble());
        Assert.Equal("two days", successful.GetProperty("description").GetString());
        Assert.False(string.IsNullOrEmpty(successful.GetProperty("updated_by").GetString()));
        Assert.Equal(JsonValueKind.String, successful.GetProperty("updated_at").ValueKind);
        Assert.Equal("Default", shown["failed_jobs"].GetProperty("source").GetString());
        Assert.True(install.Cli("candidates", "--json", "--base-dir", install.Base).Json().GetArrayLength() > defaultCandidates);

        // The environment still outranks the stored value, and saying so is part of the answer.
        var env = new Dictionary<string, string> { ["EEMT_SUCCESS_RETENTION_HOURS"] = "72" };
        var overridden = Policies(install.Cli(env, "policy", "--json", "--base-dir", install.Base))["successful_jobs"];
        Assert.Equal("Environment", overridden.GetProperty("source").GetString());
        Assert.Equal(72, overridden.GetProperty("retention_hours").GetDouble());
        var shadowed = install.Cli(env, "policy", "set", "--name", "successful_jobs", "--retention-hours", "60", "--base-dir", install.Base);
        Assert.Equal(0, shadowed.ExitCode);
        Assert.Contains("still takes precedence", shadowed.Stderr);
    }

    [Fact]
    public void Policy_set_dry_run_and_invalid_values_store_nothing()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var dry = install.Cli("policy", "set", "--name", "failed_jobs", "--retention-hours", "1", "--dry-run", "--base-dir", install.Base);
        var zero = install.Cli("policy", "set", "--name", "failed_jobs", "--retention-hours", "0", "--base-dir", install.Base);
        var unknown = install.Cli("policy", "set", "--name", "all_jobs", "--retention-hours", "5", "--base-dir", install.Base);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("[DRY RUN]", dry.Stdout);
        Assert.Equal(2, zero.ExitCode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("all_jobs", unknown.Stderr);
        Assert.Equal(before, install.Snapshot());
        Assert.Equal("Default", Policies(install.Cli("policy", "--json", "--base-dir", install.Base))["failed_jobs"].GetProperty("source").GetString());
    }

    private static Dictionary<string, JsonElement> Policies(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
    }

    private static (long Bytes, long Files) Measure(string directory)
    {
        // Bytes on disk below the root (the root itself not included), as deleting all of it would free them.
        var bytes = DiskUsage.Of(directory) - DiskUsage.Of(directory, includeBelow: false);
        return (bytes, Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).LongCount());
    }
}
