using System.Text.Json;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// `cleanuptools demo`, `candidates --json` and `run --json` as separate processes: the report has reference
/// 000's shape, and the report, the disk and the rows all agree on exactly which jobs were cleaned.
/// </summary>
public sealed class RunJsonReportTests
{
    private static readonly string[] SummaryKeys =
    {
        "start_time", "end_time", "dry_run", "successful_jobs_processed", "failed_jobs_processed", "total_size_freed_mb",
        "configs_preserved", "configs_deleted", "errors", "job_details",
    };

    private static readonly string[] JobKeys =
    {
        "job_id", "status", "completed_at", "data_deleted", "config_preserved", "size_freed_mb", "files_deleted", "directories_deleted",
    };

    [Fact]
    public void Candidates_then_run_clean_exactly_the_candidates_and_report_them_in_reference_000s_shape()
    {
        using var tree = new TempTree(); // also disposed by the installation; a second dispose is harmless
        var storeDir = tree.Path("store");
        var demo = CliProcess.Run(tree.Root, "demo", "--path", storeDir);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        using var install = new DemoInstallation(tree, storeDir);
        var rowsBefore = install.Rows();
        Assert.Contains($"{rowsBefore.Count} jobs", demo.Stdout);
        var entriesBefore = rowsBefore.ToDictionary(r => r.Id, r => install.EntriesOf(r));

        var candidates = install.Cli("candidates", "--json", "--base-dir", storeDir);
        Assert.True(candidates.ExitCode == 0, candidates.ToString());
        var preview = candidates.Json().EnumerateArray().ToDictionary(c => c.GetProperty("job_id").GetString()!);
        Assert.NotEmpty(preview);
        Assert.All(preview.Values, c => Assert.NotEqual("Keep", c.GetProperty("action").GetString()));
        // The JSON keeps the names item and item_kind, whatever the .NET properties (Target, TargetKind) are called.
        Assert.All(preview, c => Assert.Equal(c.Key, c.Value.GetProperty("item").GetString()));
        Assert.All(preview.Values, c => Assert.Equal("job", c.GetProperty("item_kind").GetString()));
        Assert.All(preview.Values, c => Assert.False(c.TryGetProperty("target", out _)));

        var run = install.Cli("run", "--json", "--base-dir", storeDir);
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Json();

        foreach (var key in SummaryKeys) Assert.True(report.TryGetProperty(key, out _), $"report lacks '{key}'");
        Assert.False(report.GetProperty("dry_run").GetBoolean());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.True(DateTimeOffset.Parse(report.GetProperty("end_time").GetString()!) >= DateTimeOffset.Parse(report.GetProperty("start_time").GetString()!));
        var details = report.GetProperty("job_details").EnumerateArray().ToList();
        foreach (var detail in details)
            foreach (var key in JobKeys) Assert.True(detail.TryGetProperty(key, out _), $"job detail lacks '{key}'");

        // The report cleaned exactly what the preview listed, freeing exactly the previewed sizes.
        var cleaned = details.Where(d => d.GetProperty("data_deleted").GetBoolean()).ToDictionary(d => d.GetProperty("job_id").GetString()!);
        Assert.Equal(details.Count, cleaned.Count);
        Assert.Equal(preview.Keys.Order(), cleaned.Keys.Order());
        foreach (var (id, detail) in cleaned)
        {
            Assert.Equal(preview[id].GetProperty("size_bytes").GetInt64(), detail.GetProperty("size_freed_bytes").GetInt64());
            Assert.Equal(id, detail.GetProperty("item").GetString());
            Assert.Equal("job", detail.GetProperty("item_kind").GetString());
            Assert.Equal(preview[id].GetProperty("status").GetString(), detail.GetProperty("status").GetString());
            Assert.True(detail.GetProperty("config_preserved").GetBoolean());
            var row = rowsBefore.Single(r => r.Id == id);
            Assert.Equal(new[] { $"uploads/{row.Dem}" }, Strings(detail, "files_deleted"));
            var expectedDirectories = entriesBefore[id].Temp ? new[] { $"results/{id}", $"temp/{id}" } : new[] { $"results/{id}" };
            Assert.Equal(expectedDirectories, Strings(detail, "directories_deleted").Order());
        }

        // Totals.
        Assert.Equal(cleaned.Values.Count(d => d.GetProperty("status").GetString() == "completed"), report.GetProperty("successful_jobs_processed").GetInt32());
        Assert.Equal(cleaned.Values.Count(d => d.GetProperty("status").GetString() == "failed"), report.GetProperty("failed_jobs_processed").GetInt32());
        var freed = cleaned.Values.Sum(d => d.GetProperty("size_freed_bytes").GetInt64());
        Assert.Equal(Math.Round(freed / 1048576.0, 1), report.GetProperty("total_size_freed_mb").GetDouble());
        Assert.Equal(cleaned.Count, report.GetProperty("configs_preserved").GetInt32());
        Assert.Equal(0, report.GetProperty("configs_deleted").GetInt32());

        // The disk: every entry of the cleaned jobs is gone, every other job's entries are exactly as before.
        // The rows: data_cleaned_at is set for exactly the cleaned ids, and no row was removed.
        var rowsAfter = install.Rows();
        Assert.Equal(rowsBefore.Select(r => r.Id), rowsAfter.Select(r => r.Id));
        foreach (var row in rowsAfter)
        {
            if (cleaned.ContainsKey(row.Id))
            {
                Assert.Equal((false, false, false), install.EntriesOf(row));
                Assert.NotNull(row.CleanedAt);
            }
            else
            {
                Assert.Equal(entriesBefore[row.Id], install.EntriesOf(row));
                Assert.Null(row.CleanedAt);
            }
        }
        Assert.Contains(rowsAfter, r => r.Status is "running" or "pending");
        Assert.All(rowsAfter.Where(r => r.Status is "running" or "pending"), r => Assert.Equal((true, true, true), install.EntriesOf(r)));

        // Idempotent: the next run finds nothing to do.
        var again = install.Cli("run", "--json", "--base-dir", storeDir);
        Assert.Equal(0, again.ExitCode);
        Assert.Empty(again.Json().GetProperty("job_details").EnumerateArray());
    }

    [Fact]
    public void Text_output_carries_reference_000s_summary_lines()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("=== CLEANUP SUMMARY ===", run.Stdout);
        Assert.Contains("Successful jobs processed:", run.Stdout);
        Assert.Contains("Cleanup completed successfully", run.Stdout);
        Assert.Contains(install.Rows(), r => r.CleanedAt is not null);
    }

    private static string[] Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
