namespace CleanupTools.Tests.Cli;

/// <summary>Exit codes as cron reads them: 0 done, 1 done with per-job errors, 2 bad input (stderr message, nothing touched).</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void A_failing_job_gives_exit_1_while_the_other_jobs_are_still_cleaned()
    {
        using var install = new DemoInstallation();
        var eligible = install.Cli("candidates", "--json", "--base-dir", install.Base).Json().GetArrayLength();
        install.Execute("INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES ('../escape', 'sol', 'completed', $at, NULL)",
            ("$at", DemoInstallation.StoreTime(DateTimeOffset.UtcNow.AddHours(-1000))));
        var sentinel = Path.Combine(install.Base, "escape", "keep.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(sentinel)!);
        File.WriteAllText(sentinel, "not the tool's to delete");

        var run = install.Cli("run", "--json", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("[ERROR]", run.Stderr);
        Assert.Contains("../escape", run.Stderr);
        var report = run.Json();
        var failed = Assert.Single(report.GetProperty("job_details").EnumerateArray(), d => d.GetProperty("job_id").GetString() == "../escape");
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
        Assert.False(failed.GetProperty("data_deleted").GetBoolean());
        Assert.NotEmpty(failed.GetProperty("errors").EnumerateArray());
        Assert.NotEmpty(report.GetProperty("errors").EnumerateArray());
        Assert.True(File.Exists(sentinel));
        var rows = install.Rows();
        Assert.Null(rows.Single(r => r.Id == "../escape").CleanedAt);
        Assert.Equal(eligible, rows.Count(r => r.CleanedAt is not null));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("1e999")]
    [InlineData("0")]
    [InlineData("")]
    public void A_bad_retention_gives_exit_2_a_message_and_no_change(string value)
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--success-retention", value);

        AssertBadInput(install, before, run, "--success-retention");
    }

    [Theory]
    [InlineData("run")]
    [InlineData("candidates")]
    [InlineData("stats")]
    [InlineData("policy")]
    public void Every_command_rejects_a_bad_retention_before_touching_anything(string command)
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var result = install.Cli(command, "--base-dir", install.Base, "--failed-retention", "-1");

        AssertBadInput(install, before, result, "--failed-retention");
    }

    [Fact]
    public void A_database_path_that_does_not_exist_gives_exit_2_and_is_not_created()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();
        var missing = Path.Combine(install.Tree.Root, "nowhere", "jobs.db");

        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--db-path", missing);

        AssertBadInput(install, before, run, "does not exist");
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void A_db_path_option_without_its_value_gives_exit_2()
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var run = install.Cli("run", "--base-dir", install.Base, "--db-path");

        AssertBadInput(install, before, run, "--db-path");
    }

    [Theory]
    [InlineData("EEMT_SUCCESS_RETENTION_HOURS", "junk")]
    [InlineData("EEMT_SUCCESS_RETENTION_HOURS", "-3")]
    [InlineData("EEMT_FAILED_RETENTION_HOURS", "twelve")]
    [InlineData("EEMT_CLEANUP_BATCH_SIZE", "0")]
    [InlineData("EEMT_CLEANUP_DRY_RUN", "perhaps")]
    public void A_bad_environment_variable_gives_exit_2_naming_it_and_nothing_changes(string variable, string value)
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var run = install.Cli(new Dictionary<string, string> { [variable] = value }, "run", "--json", "--base-dir", install.Base);

        AssertBadInput(install, before, run, variable);
    }

    private static void AssertBadInput(DemoInstallation install, SortedDictionary<string, string> before, CliResult result, string mentioned)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("cleanuptools: ", result.Stderr);
        Assert.Contains(mentioned, result.Stderr);
        Assert.Equal("", result.Stdout.Trim());
        Assert.Equal(before, install.Snapshot());
    }
}
