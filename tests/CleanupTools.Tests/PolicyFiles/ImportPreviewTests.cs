using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;
using static CleanupTools.Tests.PolicyFiles.PolicyFileFixture;

namespace CleanupTools.Tests.PolicyFiles;

/// <summary>-WhatIf / --dry-run and -Confirm: one ShouldProcess per policy, asked only after the whole file passed.</summary>
public sealed class ImportPreviewTests
{
    private const string ThreePolicies = "policies:\n  successful_jobs:\n    retention: 3d\n  failed_jobs:\n    retention: 6h\n  failed_logs:\n    component: logs\n    status: failed\n    retention: 30d\n";

    [Fact]
    public void A_dry_run_asks_about_each_policy_and_writes_nothing_not_even_the_policy_table()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, ThreePolicies);
        var before = Bytes(install);
        var host = new RecordingHost(shouldProcess: false);

        var result = Import(install, path, host);

        Assert.Equal(3, host.ShouldProcessCalls.Count);
        Assert.Contains(host.ShouldProcessCalls, c => c.Target.StartsWith("retention policy successful_jobs in ", StringComparison.Ordinal)
                                                      && c.Action == "Import from cleanup_config.yaml (line 2): completed retention 3d, action delete_data, enabled true");
        Assert.Contains(host.ShouldProcessCalls, c => c.Target.StartsWith("retention policy failed_logs in ", StringComparison.Ordinal) && c.Action.Contains("failed/logs retention 30d", StringComparison.Ordinal));
        Assert.Empty(result.Policies);
        Assert.Equal(3, result.Declined);
        AssertUnchanged(before, install);
        Assert.Equal(0L, install.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cleanup_policies'"));
    }

    [Fact]
    public void A_file_with_an_error_asks_nothing()
    {
        using var install = new JobInstallation();
        var host = new RecordingHost();

        Assert.Throws<ConfigurationException>(() => ImportText(install, ThreePolicies + "  dbt_logs:\n    retention: soon\n", host));

        Assert.Empty(host.ShouldProcessCalls);
    }

    [Fact]
    public void Declining_one_policy_at_confirm_stores_the_others()
    {
        using var install = new JobInstallation();
        var host = new RecordingHost((target, _) => !target.Contains("failed_jobs", StringComparison.Ordinal));

        var result = ImportText(install, ThreePolicies, host);

        Assert.Equal(new[] { "successful_jobs", "failed_logs" }, result.Policies.Select(p => p.Name));
        Assert.Equal(1, result.Declined);
        var policies = InForce(install);
        Assert.Equal(TimeSpan.FromDays(3), policies[PolicyNames.SuccessfulJobs].Retention);
        Assert.Equal(DefaultPolicies.FailedRetention, policies[PolicyNames.FailedJobs].Retention);
        Assert.Equal(SettingSource.Default, policies[PolicyNames.FailedJobs].Source);
    }

    [Fact]
    public void Imported_policies_record_who_and_when_and_an_environment_override_is_warned_about()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, ThreePolicies);
        var host = new RecordingHost();
        using (var context = install.Open(environment: new Dictionary<string, string?> { ["EEMT_FAILED_RETENTION_HOURS"] = "24" }))
            PolicyFileService.Import(context, path, host);

        Assert.Contains(host.Warnings, w => w.StartsWith("The imported retention of failed_jobs is stored, but the environment value", StringComparison.Ordinal));
        var failed = InForce(install)[PolicyNames.FailedJobs];
        Assert.Equal(TimeSpan.FromHours(6), failed.Retention);
        Assert.Equal(install.Clock.Now, failed.UpdatedAt);
        Assert.False(string.IsNullOrEmpty(failed.UpdatedBy));
    }

    [Fact]
    public void Export_to_a_file_refuses_to_overwrite_without_force_and_writes_nothing_when_declined()
    {
        using var install = new JobInstallation();
        var target = install.Tree.Path("policies.yaml");
        using var context = install.Open();

        Assert.False(PolicyFileService.ExportToFile(context, target, null, force: false, new RecordingHost(shouldProcess: false)));
        Assert.False(File.Exists(target));

        Assert.True(PolicyFileService.ExportToFile(context, target, null, force: false, new RecordingHost()));
        Assert.Equal(PolicyFileService.Export(context), File.ReadAllText(target));

        File.WriteAllText(target, "mine");
        var refused = Assert.Throws<ConfigurationException>(() => PolicyFileService.ExportToFile(context, target, null, force: false, new RecordingHost()));
        Assert.Contains("already exists", refused.Message);
        Assert.Equal("mine", File.ReadAllText(target));

        Assert.True(PolicyFileService.ExportToFile(context, target, new[] { "failed_jobs" }, force: true, new RecordingHost()));
        Assert.Contains("  failed_jobs:\n", File.ReadAllText(target));
        Assert.DoesNotContain("successful_jobs", File.ReadAllText(target));
        Assert.Equal(new[] { "policies.yaml" }, Directory.GetFiles(install.Tree.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_contains_no_connection_settings()
    {
        using var install = new JobInstallation();
        using var context = install.Open();

        var text = PolicyFileService.Export(context);

        Assert.DoesNotContain("jobs.db", text);
        Assert.DoesNotContain(install.Base, text);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }
}
