using System.Text.Json;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// The mass-deletion guard, holds, the audit trail and policy changes through the real CLI process:
/// exit codes, messages on stderr, and what is (or is not) left on disk and in the store.
/// </summary>
public sealed class GuardHoldHistoryCliTests
{
    /// <summary>A real installation whose fixed clock is the real now, since the CLI runs on the real clock.</summary>
    private sealed class CliInstall : IDisposable
    {
        public CliInstall()
        {
            Install = new JobInstallation(DateTimeOffset.UtcNow);
            Work = Install.Tree.Dir("work");
        }

        public JobInstallation Install { get; }
        public string Work { get; }

        public CliResult Run(params string[] args) => CliProcess.Run(Work, null, args.Append("--base-dir").Append(Install.Base).ToArray());

        public CliResult Run(IReadOnlyDictionary<string, string> environment, params string[] args) =>
            CliProcess.Run(Work, environment, args.Append("--base-dir").Append(Install.Base).ToArray());

        public JobFiles[] AllExpired() =>
            Enumerable.Range(1, 3).Select(i => Install.AddJob($"job-{i}", "completed", 300 + 100 * i, seed: i)).ToArray();

        public void Dispose() => Install.Dispose();
    }

    private static void AssertOk(CliResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    [Fact]
    public void Run_exits_4_with_the_guard_message_and_deletes_nothing()
    {
        using var cli = new CliInstall();
        cli.AllExpired();
        var before = cli.Install.Snapshot();

        var run = cli.Run("run");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("Stopped before deleting anything", run.Stderr);
        Assert.Contains("--allow-mass-deletion", run.Stderr);
        Assert.Equal(before, cli.Install.Snapshot());
    }

    [Fact]
    public void Run_json_refused_by_the_guard_is_still_one_valid_document_with_the_error()
    {
        using var cli = new CliInstall();
        cli.AllExpired();
        var before = cli.Install.Snapshot();

        var run = cli.Run("run", "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        var report = run.Json();
        Assert.False(report.GetProperty("completed").GetBoolean());
        Assert.Contains("Stopped before deleting anything", report.GetProperty("error").GetString());
        Assert.Empty(report.GetProperty("job_details").EnumerateArray());
        Assert.Equal(before, cli.Install.Snapshot());
    }

    [Fact]
    public void Run_with_allow_mass_deletion_exits_0_and_cleans_every_job()
    {
        using var cli = new CliInstall();
        var jobs = cli.AllExpired();

        var run = cli.Run("run", "--allow-mass-deletion");

        AssertOk(run);
        Assert.All(jobs, j => Assert.False(cli.Install.AnyPresent(j)));
        Assert.All(jobs, j => Assert.NotNull(cli.Install.CleanedAt(j.Id)));
    }

    [Fact]
    public void Max_deletion_percent_and_its_environment_variable_stop_a_run()
    {
        using var cli = new CliInstall();
        cli.AllExpired();
        cli.Install.AddJob("job-young", "completed", 10, seed: 9);
        var before = cli.Install.Snapshot();

        var option = cli.Run("run", "--max-deletion-percent", "50");
        var env = cli.Run(new Dictionary<string, string> { ["CLEANUPTOOLS_MAX_DELETION_PERCENT"] = "50" }, "run");

        Assert.True(option.ExitCode == 4, option.ToString());
        Assert.True(env.ExitCode == 4, env.ToString());
        Assert.Contains("3 of 4", env.Stderr);
        Assert.Equal(before, cli.Install.Snapshot());

        var allowed = cli.Run(new Dictionary<string, string> { ["CLEANUPTOOLS_MAX_DELETION_PERCENT"] = "50", ["CLEANUPTOOLS_ALLOW_MASS_DELETION"] = "true" }, "run");
        AssertOk(allowed);
    }

    [Fact]
    public void A_dry_run_that_a_real_run_would_stop_warns_and_exits_0()
    {
        using var cli = new CliInstall();
        cli.AllExpired();
        var before = cli.Install.Snapshot();

        var dry = cli.Run("run", "--dry-run");

        AssertOk(dry);
        Assert.Contains("A real run would stop", dry.Stderr + dry.Stdout);
        Assert.Equal(before, cli.Install.Snapshot());
    }

    [Fact]
    public void Run_type_automatic_is_recorded_and_shown_by_history_json()
    {
        using var cli = new CliInstall();
        var jobs = cli.AllExpired();

        AssertOk(cli.Run("run", "--type", "automatic", "--allow-mass-deletion"));
        var history = cli.Run("history", "--json");

        AssertOk(history);
        var entries = history.Json().EnumerateArray().ToArray();
        Assert.Equal(4, entries.Length);
        Assert.All(entries, e => Assert.Equal("automatic", e.GetProperty("trigger").GetString()));
        var run = Assert.Single(entries, e => e.GetProperty("item_kind").GetString() == "run");
        Assert.Equal("Completed", run.GetProperty("outcome").GetString());
        Assert.Equal(run.GetProperty("run_id").GetString(), run.GetProperty("item").GetString());
        Assert.All(entries, e => Assert.False(e.TryGetProperty("target", out _)));
        Assert.Equal(jobs.Sum(j => j.TotalBytes), run.GetProperty("bytes").GetInt64());
        Assert.Equal(jobs.Select(j => j.Id).Order(), entries.Where(e => e.GetProperty("item_kind").GetString() == "job").Select(e => e.GetProperty("job_id").GetString()).Order());
        Assert.All(entries, e => Assert.Equal(run.GetProperty("run_id").GetString(), e.GetProperty("run_id").GetString()));

        var onlyOne = cli.Run("history", "--json", "--job", jobs[0].Id);
        AssertOk(onlyOne);
        Assert.Equal("Deleted", Assert.Single(onlyOne.Json().EnumerateArray()).GetProperty("outcome").GetString());
    }

    [Fact]
    public void Run_stats_prints_the_totals_of_the_audit_trail_and_deletes_nothing()
    {
        using var cli = new CliInstall();
        var jobs = cli.AllExpired();
        AssertOk(cli.Run("run", "--allow-mass-deletion"));
        var late = cli.Install.AddJob("job-late", "completed", 900, seed: 7);
        var before = cli.Install.Snapshot();

        var text = cli.Run("run", "--stats");
        var json = cli.Run("run", "--stats", "--json");

        AssertOk(text);
        Assert.Contains("Runs: 1", text.Stdout);
        Assert.Contains("Items acted on: 3 (0 failed or partial)", text.Stdout);
        Assert.Contains("Space freed:", text.Stdout);
        AssertOk(json);
        var stats = json.Json();
        Assert.Equal(1, stats.GetProperty("runs").GetInt32());
        Assert.Equal(3, stats.GetProperty("items_acted_on").GetInt32());
        Assert.Equal(0, stats.GetProperty("items_failed").GetInt32());
        Assert.Equal(jobs.Sum(j => j.TotalBytes), stats.GetProperty("bytes_freed").GetInt64());
        Assert.Single(stats.GetProperty("recent_runs").EnumerateArray());
        // --stats reports; it does not run.
        Assert.Equal(before, cli.Install.Snapshot());
        Assert.True(cli.Install.AllPresent(late));
    }

    [Fact]
    public void Hold_add_list_and_remove_protect_a_job_until_removed()
    {
        using var cli = new CliInstall();
        var held = cli.Install.AddJob("job-held", "completed", 500, seed: 1);
        var free = cli.Install.AddJob("job-free", "completed", 500, seed: 2);
        cli.Install.AddJob("job-young", "completed", 5, seed: 3);

        var add = cli.Run("hold", "add", "--job", held.Id, "--reason", "legal hold 42");
        AssertOk(add);
        Assert.Contains(held.Id, add.Stdout);

        var list = cli.Run("hold", "list", "--json");
        AssertOk(list);
        var hold = Assert.Single(list.Json().EnumerateArray());
        Assert.Equal("job", hold.GetProperty("kind").GetString());
        Assert.Equal(held.Id, hold.GetProperty("target").GetString());
        Assert.Equal("legal hold 42", hold.GetProperty("reason").GetString());
        Assert.True(hold.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, hold.GetProperty("expires_at").ValueKind);
        var id = hold.GetProperty("id").GetInt64();

        AssertOk(cli.Run("run"));
        Assert.True(cli.Install.AllPresent(held));
        Assert.False(cli.Install.AnyPresent(free));

        var remove = cli.Run("hold", "remove", "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertOk(remove);
        Assert.Contains($"Removed hold {id}", remove.Stdout);
        Assert.Empty(cli.Run("hold", "list", "--json").Json().EnumerateArray());

        AssertOk(cli.Run("run"));
        Assert.False(cli.Install.AnyPresent(held));
    }

    [Fact]
    public void Hold_remove_of_an_unknown_id_exits_1()
    {
        using var cli = new CliInstall();
        cli.Install.AddJob("job-1", "completed", 500);

        var remove = cli.Run("hold", "remove", "--id", "424242");

        Assert.True(remove.ExitCode == 1, remove.ToString());
        Assert.Contains("424242", remove.Stderr);
    }

    [Fact]
    public void Policy_config_shows_the_policies_in_force()
    {
        using var cli = new CliInstall();

        var shown = cli.Run("policy", "--config");

        AssertOk(shown);
        Assert.Contains("successful_jobs", shown.Stdout);
        Assert.Contains("failed_jobs", shown.Stdout);
        Assert.Contains("dbt_logs", shown.Stdout);
    }

    [Fact]
    public void Policy_set_keep_latest_per_workflow_then_reset_restores_the_default()
    {
        using var cli = new CliInstall();
        var sol = cli.Install.AddJob("job-sol", "completed", 500, seed: 1);
        cli.Install.AddJob("job-sol-older", "completed", 700, seed: 2);
        cli.Install.Execute("UPDATE jobs SET workflow_type = 'sol' WHERE id IN ('job-sol', 'job-sol-older')");

        var set = cli.Run("policy", "set", "--name", "successful_jobs", "--keep-latest-per-workflow");
        AssertOk(set);
        var policy = Policy(cli, "successful_jobs");
        Assert.Equal(1, policy.GetProperty("keep_newest").GetInt32());
        Assert.True(policy.GetProperty("keep_newest_per_workflow").GetBoolean());
        Assert.Equal("Stored", policy.GetProperty("source").GetString());

        var previewed = cli.Run("candidates", "--json", "--include-kept");
        AssertOk(previewed);
        var byId = previewed.Json().EnumerateArray().ToDictionary(c => c.GetProperty("job_id").GetString()!, c => c.GetProperty("action").GetString());
        Assert.Equal("Keep", byId[sol.Id]);
        Assert.Equal("DeleteData", byId["job-sol-older"]);

        var reset = cli.Run("policy", "reset", "--name", "successful_jobs");
        AssertOk(reset);
        policy = Policy(cli, "successful_jobs");
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("keep_newest").ValueKind);
        Assert.False(policy.GetProperty("keep_newest_per_workflow").GetBoolean());
        Assert.Equal("Default", policy.GetProperty("source").GetString());
        Assert.Equal(168, policy.GetProperty("retention_hours").GetDouble());
    }

    [Theory]
    [InlineData("run", "--type", "sometimes")]
    [InlineData("hold", "add", "--path", "relative/x", "--reason", "r")]
    [InlineData("hold", "add", "--path", "/srv/results/../job-1", "--reason", "r")]
    [InlineData("history", "--since", "yesterday")]
    [InlineData("policy", "set", "--name", "x", "--retention-days", "-1")]
    [InlineData("policy", "set", "--name", "successful_jobs", "--keep-newest", "-1")]
    [InlineData("hold", "add", "--job", "job-1", "--reason", " ")]
    [InlineData("run", "--max-deletion-percent", "0")]
    public void Bad_input_exits_2_and_changes_nothing(params string[] args)
    {
        using var cli = new CliInstall();
        var jobs = cli.AllExpired();
        var before = cli.Install.Snapshot();

        var result = cli.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("cleanuptools:", result.Stderr);
        Assert.Equal(before, cli.Install.Snapshot());
        Assert.All(jobs, j => Assert.True(cli.Install.AllPresent(j)));
    }

    private static JsonElement Policy(CliInstall cli, string name)
    {
        var shown = cli.Run("policy", "--json");
        AssertOk(shown);
        return shown.Json().EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
    }
}
