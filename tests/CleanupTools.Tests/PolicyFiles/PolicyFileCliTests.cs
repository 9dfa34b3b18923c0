using CleanupTools.Policies;
using CleanupTools.Policies.Files;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Safety;
using static CleanupTools.Tests.PolicyFiles.PolicyFileFixture;

namespace CleanupTools.Tests.PolicyFiles;

/// <summary>`cleanuptools policy import` and `policy export` as processes, on a real installation and real files.</summary>
public sealed class PolicyFileCliTests
{
    private static CliResult Cli(JobInstallation install, params string[] args) =>
        CliProcess.Run(install.Tree.Dir("work"), args.Concat(new[] { "--base-dir", install.Base }).ToArray());

    [Fact]
    public void Import_of_reference_002_stores_the_policies_and_warns_about_what_it_does_not_apply()
    {
        using var install = new JobInstallation();

        var result = Cli(install, "policy", "import", "--file", ReferenceFile("002_cleanup_config.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("successful_jobs", result.Stdout);
        Assert.Contains("failed_jobs_logs", result.Stdout);
        Assert.Contains("[WARNING] 002_cleanup_config.yaml, line 13: schedule.enabled, schedule.cron ignored", result.Stderr);
        Assert.Contains("[WARNING] 002_cleanup_config.yaml, line 31: notifications.email, notifications.slack ignored", result.Stderr);
        Assert.Contains("[WARNING] performance.batch_size (100)", result.Stderr);
        Assert.Contains("[WARNING] paths.database (./jobs.db)", result.Stderr);
        var policies = InForce(install);
        Assert.Equal(TimeSpan.FromHours(168), policies[PolicyNames.SuccessfulJobs].Retention);
        Assert.Equal(TimeSpan.FromHours(12), policies[PolicyNames.FailedJobs].Retention);
        Assert.False(policies[PolicyFile.FailedLogsKeeper].Enabled);
    }

    [Fact]
    public void Import_dry_run_shows_each_change_and_leaves_the_store_byte_identical()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, "policies:\n  successful_jobs:\n    retention: 3d\n  dbt_logs:\n    retention: 2d\n");
        install.Tree.Dir("work");
        var before = Bytes(install);

        var result = Cli(install, "policy", "import", "--file", path, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[DRY RUN] Would import from cleanup_config.yaml (line 2): completed retention 3d", result.Stdout);
        Assert.Contains("[DRY RUN] Would import from cleanup_config.yaml (line 4): paths retention 2d", result.Stdout);
        Assert.Contains("[DRY RUN] cleanup_config.yaml is valid; nothing was stored.", result.Stdout);
        AssertUnchanged(before, install);
    }

    [Fact]
    public void Import_of_a_bad_file_exits_2_naming_line_and_key_and_stores_nothing()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, "retention:\n  successful_jobs:\n    days: 7\n    keep_logz: true\n");
        install.Tree.Dir("work");
        var before = Bytes(install);

        var result = Cli(install, "policy", "import", "--file", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cleanup_config.yaml, line 4, column 5: retention.successful_jobs.keep_logz: unknown key", result.Stderr);
        Assert.Equal("", result.Stdout);
        AssertUnchanged(before, install);
    }

    [Fact]
    public void Export_to_stdout_imports_into_another_installation_and_exports_the_same_text()
    {
        using var source = new JobInstallation();
        Assert.Equal(0, Cli(source, "policy", "set", "--name", "successful_jobs", "--retention-days", "10", "--keep-newest", "2").ExitCode);
        Assert.Equal(0, Cli(source, "policy", "set", "--name", "failed_logs", "--component", "logs", "--status", "failed", "--retention-hours", "36").ExitCode);

        var exported = Cli(source, "policy", "export");
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Equal(Export(source), exported.Stdout);
        Assert.Contains("  failed_logs:\n    component: logs\n    status: failed\n    retention: 36h\n", exported.Stdout);

        using var target = new JobInstallation();
        var file = WriteFile(target, exported.Stdout, "policies.yaml");
        var imported = Cli(target, "policy", "import", "--file", file);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Equal(exported.Stdout, Cli(target, "policy", "export").Stdout);
    }

    [Fact]
    public void Export_to_a_file_refuses_an_existing_file_without_force_and_takes_names()
    {
        using var install = new JobInstallation();
        var file = install.Tree.Path("out.yaml");

        var first = Cli(install, "policy", "export", "--file", file, "--name", "failed_jobs", "dbt_logs");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(Export(install, "failed_jobs", "dbt_logs"), File.ReadAllText(file));

        var again = Cli(install, "policy", "export", "--file", file);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Stderr);
        Assert.Equal(Export(install, "failed_jobs", "dbt_logs"), File.ReadAllText(file));

        var forced = Cli(install, "policy", "export", "--file", file, "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(Export(install), File.ReadAllText(file));

        var unknown = Cli(install, "policy", "export", "--name", "no_such_policy");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown retention policy 'no_such_policy'", unknown.Stderr);
    }
}
