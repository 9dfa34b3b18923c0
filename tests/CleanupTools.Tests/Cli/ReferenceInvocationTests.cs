namespace CleanupTools.Tests.Cli;

/// <summary>
/// References 001 and 002 invoke their scripts with flags and no command word (cleanup_operations.py --dry-run,
/// --run --type automatic, --stats, --config; cleanup_jobs.py --parallel --workers 4, --batch-size 50, --debug).
/// The same lines with only the program name changed run against a demo store, from its directory as cron would.
/// </summary>
public sealed class ReferenceInvocationTests
{
    private static CliResult Cli(DemoInstallation install, params string[] args) => CliProcess.Run(install.Base, null, args);

    private static void AssertOk(CliResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private static string[] Eligible(DemoInstallation install)
    {
        var candidates = Cli(install, "candidates", "--json");
        AssertOk(candidates);
        var ids = candidates.Json().EnumerateArray().Select(c => c.GetProperty("job_id").GetString()!).Order().ToArray();
        Assert.NotEmpty(ids);
        return ids;
    }

    private static string[] Cleaned(DemoInstallation install) =>
        install.Rows().Where(r => r.CleanedAt is not null).Select(r => r.Id).Order().ToArray();

    [Fact]
    public void Dry_run_flag_previews_and_changes_nothing()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var result = Cli(install, "--dry-run");

        AssertOk(result);
        Assert.Contains("[DRY RUN] Summary: Would clean", result.Stdout);
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Run_type_automatic_cleans_the_eligible_jobs_and_records_the_trigger()
    {
        using var install = new DemoInstallation();
        var expected = Eligible(install);

        var result = Cli(install, "--run", "--type", "automatic");

        AssertOk(result);
        Assert.Equal(expected, Cleaned(install));
        var history = Cli(install, "history", "--json");
        AssertOk(history);
        Assert.NotEmpty(history.Json().EnumerateArray());
        Assert.All(history.Json().EnumerateArray(), e => Assert.Equal("automatic", e.GetProperty("trigger").GetString()));
    }

    [Fact]
    public void Run_command_accepts_the_run_flag_and_refuses_it_with_dry_run()
    {
        using var install = new DemoInstallation();
        var expected = Eligible(install);
        var before = install.Snapshot();

        var contradiction = Cli(install, "--run", "--dry-run");
        Assert.Equal(2, contradiction.ExitCode);
        Assert.Contains("--run performs the cleanup and --dry-run only previews it", contradiction.Stderr);
        Assert.Equal(before, install.Snapshot());

        AssertOk(Cli(install, "run", "--run"));
        Assert.Equal(expected, Cleaned(install));
    }

    [Fact]
    public void Run_flag_outranks_a_dry_run_variable()
    {
        using var install = new DemoInstallation();
        var expected = Eligible(install);
        var environment = new Dictionary<string, string> { ["EEMT_CLEANUP_DRY_RUN"] = "true" };
        var before = install.Snapshot();

        var dry = CliProcess.Run(install.Base, environment, "--type", "automatic");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("[DRY RUN] Summary", dry.Stdout);
        Assert.Equal(before, install.Snapshot());

        var run = CliProcess.Run(install.Base, environment, "--run", "--type", "automatic");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, Cleaned(install));
    }

    [Fact]
    public void Stats_flag_shows_the_audit_totals_and_deletes_nothing()
    {
        using var install = new DemoInstallation();
        AssertOk(Cli(install, "--run"));
        var before = install.Snapshot();

        var result = Cli(install, "--stats");

        AssertOk(result);
        Assert.Contains("Runs: 1", result.Stdout);
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Config_flag_shows_the_retention_policies()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var result = Cli(install, "--config");
        var policy = Cli(install, "policy");

        AssertOk(result);
        Assert.Contains("successful_jobs", result.Stdout);
        Assert.Contains("failed_jobs", result.Stdout);
        Assert.Equal(policy.Stdout, result.Stdout);
        Assert.Equal(before, install.Snapshot());
    }

    [Theory]
    [InlineData("--parallel", "--workers", "4")]
    [InlineData("--batch-size", "50")]
    [InlineData("--verbose", "--debug")]
    public void Reference_002_performance_and_debug_flags_run_the_cleanup(params string[] args)
    {
        using var install = new DemoInstallation();
        var expected = Eligible(install);

        var result = Cli(install, args);

        AssertOk(result);
        Assert.Equal(expected, Cleaned(install));
    }

    [Fact]
    public void Debug_is_verbose()
    {
        using var install = new DemoInstallation();

        var quiet = Cli(install, "--dry-run");
        var debug = Cli(install, "--dry-run", "--debug");

        AssertOk(quiet);
        AssertOk(debug);
        Assert.DoesNotContain("[INFO] Job ", quiet.Stderr);
        Assert.Contains("[INFO] Job ", debug.Stderr);
    }

    [Fact]
    public void A_short_option_without_a_command_word_does_not_run()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var result = Cli(install, "-v");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Required command was not provided", result.Stderr);
        Assert.Equal(before, install.Snapshot());
    }

    [Theory]
    [InlineData("--workers must be from 1 to 64 (got 0)", "--parallel", "--workers", "0")]
    [InlineData("--workers must be from 1 to 64 (got 65)", "--workers", "65")]
    [InlineData("--max-workers must be a whole number", "run", "--max-workers", "four")]
    [InlineData("--batch-size must be from 1 to 100000 (got -1)", "--batch-size", "-1")]
    [InlineData("--batch-size must be from 1 to 100000 (got 0)", "--batch-size", "0")]
    [InlineData("--type must be automatic, manual or emergency", "--run", "--type", "sometimes")]
    public void Bad_values_exit_2_with_a_message_and_change_nothing(string message, params string[] args)
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var result = Cli(install, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.Equal(before, install.Snapshot());
    }
}
