using System.Text.Json;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// `run --json-lines` as cron's `&gt;&gt; logs/cleanup.jsonl` uses it: every run appended to one file leaves a file whose
/// every line is one JSON object, a summary per run and (with --per-job) a line per job, each saying which it is.
/// </summary>
public sealed class RunJsonLinesTests
{
    [Fact]
    public void Two_runs_appended_to_one_file_parse_line_by_line()
    {
        using var install = new DemoInstallation();
        var log = install.Tree.Path("cleanup.jsonl");

        var first = install.Cli("run", "--json-lines", "--base-dir", install.Base);
        Assert.True(first.ExitCode == 0, first.ToString());
        File.AppendAllText(log, first.Stdout);
        var second = install.Cli("run", "--json-lines", "--base-dir", install.Base);
        Assert.True(second.ExitCode == 0, second.ToString());
        File.AppendAllText(log, second.Stdout);

        var lines = Lines(log);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("summary", l.GetProperty("type").GetString()));
        foreach (var key in new[] { "start_time", "end_time", "dry_run", "completed", "successful_jobs_processed", "failed_jobs_processed", "total_size_freed_mb", "run_id", "errors" })
            Assert.All(lines, l => Assert.True(l.TryGetProperty(key, out _), $"summary line lacks '{key}'"));
        Assert.All(lines, l => Assert.False(l.TryGetProperty("job_details", out _)));
        var cleaned = install.Rows().Count(r => r.CleanedAt is not null);
        Assert.True(cleaned > 0);
        Assert.Equal(cleaned, lines[0].GetProperty("successful_jobs_processed").GetInt32() + lines[0].GetProperty("failed_jobs_processed").GetInt32());
        // The second run found nothing left, and is a run of its own.
        Assert.Equal(0, lines[1].GetProperty("successful_jobs_processed").GetInt32() + lines[1].GetProperty("failed_jobs_processed").GetInt32());
        Assert.NotEqual(lines[0].GetProperty("run_id").GetString(), lines[1].GetProperty("run_id").GetString());
    }

    [Fact]
    public void Per_job_lines_precede_the_summary_and_name_their_run()
    {
        using var install = new DemoInstallation();
        var log = install.Tree.Path("cleanup.jsonl");

        var dry = install.Cli("run", "--json-lines", "--per-job", "--dry-run", "--base-dir", install.Base);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        File.AppendAllText(log, dry.Stdout);
        var run = install.Cli("run", "--json-lines", "--per-job", "--base-dir", install.Base);
        Assert.True(run.ExitCode == 0, run.ToString());
        File.AppendAllText(log, run.Stdout);

        var lines = Lines(log);
        var summaries = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.GetProperty("type").GetString() == "summary").ToList();
        Assert.Equal(2, summaries.Count);
        Assert.Equal(lines.Count - 1, summaries[1].Index);
        Assert.True(summaries[0].Line.GetProperty("dry_run").GetBoolean());
        Assert.False(summaries[1].Line.GetProperty("dry_run").GetBoolean());
        var jobs = lines.Where(l => l.GetProperty("type").GetString() == "job").ToList();
        Assert.Equal(lines.Count - 2, jobs.Count);
        // Each run's job lines come before its summary and carry its run id.
        Assert.All(lines.Take(summaries[0].Index), l => Assert.Equal(summaries[0].Line.GetProperty("run_id").GetString(), l.GetProperty("run_id").GetString()));
        var ofRun = lines.Skip(summaries[0].Index + 1).Take(summaries[1].Index - summaries[0].Index - 1).ToList();
        Assert.All(ofRun, l => Assert.Equal(summaries[1].Line.GetProperty("run_id").GetString(), l.GetProperty("run_id").GetString()));
        Assert.Equal(install.Rows().Where(r => r.CleanedAt is not null).Select(r => r.Id).Order(),
            ofRun.Where(l => l.GetProperty("data_deleted").GetBoolean()).Select(l => l.GetProperty("job_id").GetString()!).Order());
        Assert.All(jobs, l => Assert.True(l.TryGetProperty("status", out _) && l.TryGetProperty("size_freed_mb", out _)));
    }

    [Fact]
    public void A_refused_run_still_writes_one_summary_line_that_says_why()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--json-lines", "--per-job", "--max-deletion-percent", "1", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 4, run.ToString());
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var summary = JsonDocument.Parse(line).RootElement;
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        Assert.False(summary.GetProperty("completed").GetBoolean());
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("error").GetString()));
    }

    [Fact]
    public void Json_and_json_lines_together_are_bad_input()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--json", "--json-lines", "--base-dir", install.Base);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain(install.Rows(), r => r.CleanedAt is not null);
    }

    /// <summary>Every line of the file, each parsed on its own: one that is not a JSON object fails the test.</summary>
    private static List<JsonElement> Lines(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }).ToList();
    }
}
