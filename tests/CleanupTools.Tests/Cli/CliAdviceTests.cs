using System.Text.RegularExpressions;
using CleanupTools.Cli;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// The CLI speaks CLI: advice the engine gives as a fact (a policy without a root, a restored job that a run may clean
/// again) is worded as a `cleanuptools` command, never as a PowerShell cmdlet the person at the shell may not have.
/// </summary>
public sealed partial class CliAdviceTests
{
    [Fact]
    public void A_verbose_run_advises_policy_set_for_a_policy_without_a_root()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--dry-run", "--verbose", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[INFO] Policy dbt_logs has no root, so it cleans nothing: set one to clean what it matches (cleanuptools policy set --name dbt_logs --root <directory>).", run.Stderr);
        AssertNoCmdlet(run);
    }

    [Fact]
    public void Restore_advises_hold_add_for_a_job_no_longer_marked_cleaned()
    {
        using var install = new DemoInstallation();
        var job = install.Rows().First(r => r.Status == "failed").Id;
        var quarantine = install.Cli("run", "--quarantine", "--job-id", job, "--base-dir", install.Base);
        Assert.True(quarantine.ExitCode == 0, quarantine.ToString());

        var restore = install.Cli("restore", "--job", job, "--base-dir", install.Base);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"[WARNING] Job {job} is no longer marked cleaned: if it is past its retention, the next run cleans it again unless it is held (cleanuptools hold add --job {job} --reason <why>).", restore.Stderr);
        AssertNoCmdlet(quarantine);
        AssertNoCmdlet(restore);
    }

    [Fact]
    public void Importing_a_file_with_a_schedule_and_notifications_names_no_cmdlet()
    {
        using var install = new DemoInstallation();
        var file = Path.Combine(TestPaths.RepoRoot, "tests", "CleanupTools.Tests", "PolicyFiles", "Reference", "002_cleanup_config.yaml");

        var import = install.Cli("policy", "import", "--file", file, "--dry-run", "--base-dir", install.Base);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("schedule.enabled, schedule.cron ignored: CleanupTools does not schedule runs", import.Stderr);
        Assert.Contains("notifications.email, notifications.slack ignored", import.Stderr);
        AssertNoCmdlet(import);
    }

    [Theory]
    [InlineData(AdviceKind.SetPolicyRoot, "it's mine", "cleanuptools policy set --name 'it'\\''s mine' --root <directory>")]
    [InlineData(AdviceKind.HoldJob, "job-1", "cleanuptools hold add --job job-1 --reason <why>")]
    [InlineData(AdviceKind.HoldJob, "a b;rm", "cleanuptools hold add --job 'a b;rm' --reason <why>")]
    [InlineData(AdviceKind.ShowVerbose, "", "--verbose lists them")]
    public void Advice_is_a_command_the_shell_reads_back(AdviceKind kind, string subject, string expected) =>
        Assert.Equal(expected, CliAdvice.Words(new Advice(kind, subject)));

    /// <summary>Verb-Noun, as the module's cmdlets are named (Set-RetentionPolicy, Add-CleanupHold, Invoke-JobCleanup).</summary>
    [GeneratedRegex(@"\b(Add|Get|Set|Remove|Reset|Invoke|Import|Export|Restore)-[A-Z][A-Za-z]+")]
    private static partial Regex Cmdlet();

    private static void AssertNoCmdlet(CliResult result)
    {
        Assert.DoesNotMatch(Cmdlet(), result.Stdout);
        Assert.DoesNotMatch(Cmdlet(), result.Stderr);
    }
}
