using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Policies.Files;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;
using static CleanupTools.Tests.PolicyFiles.PolicyFileFixture;

namespace CleanupTools.Tests.PolicyFiles;

/// <summary>
/// References 000's and 002's cleanup_config.yaml examples, imported unchanged (the files under Reference/ are
/// their code blocks byte for byte): retentions stored, keep_error_logs kept as a disabled logs policy,
/// keep_metadata accepted, and a warning for each part this tool does not apply.
/// </summary>
public sealed class ReferenceConfigFileTests
{
    [Fact]
    public void The_copies_are_the_reference_code_blocks_verbatim_when_the_references_are_beside_the_repository()
    {
        var references = Path.Combine(TestPaths.RepoRoot, "..", "shared", "reference");
        if (!Directory.Exists(references)) return; // only CI and developer machines have shared/ beside the clone
        foreach (var (prefix, heading, copy) in new[]
                 {
                     ("000_", "### Configuration File (Advanced)", "000_cleanup_config.yaml"),
                     ("002_", "### Configuration File", "002_cleanup_config.yaml"),
                 })
        {
            var text = File.ReadAllText(Directory.GetFiles(references, prefix + "*.txt").Single());
            var start = text.IndexOf("```yaml\n", text.IndexOf(heading, StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml\n".Length;
            var block = text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
            Assert.Equal(block, File.ReadAllText(ReferenceFile(copy)));
        }
    }

    [Fact]
    public void Reference_000_imports_with_warnings_for_performance_and_notifications()
    {
        using var install = new JobInstallation();
        var host = new RecordingHost();

        var result = Import(install, ReferenceFile("000_cleanup_config.yaml"), host);

        var policies = InForce(install);
        Assert.Equal(TimeSpan.FromDays(7), policies[PolicyNames.SuccessfulJobs].Retention);
        Assert.Equal(SettingSource.Stored, policies[PolicyNames.SuccessfulJobs].Source);
        Assert.Equal(TimeSpan.FromHours(12), policies[PolicyNames.FailedJobs].Retention);
        Assert.Equal(SettingSource.Stored, policies[PolicyNames.FailedJobs].Source);
        AssertLogsKeeper(policies[PolicyFile.FailedLogsKeeper], JobStatus.Failed);
        Assert.False(policies.ContainsKey(PolicyFile.SuccessfulLogsKeeper)); // keep_logs: false: logs go with the job's data
        Assert.Equal(new[] { PolicyNames.SuccessfulJobs, PolicyNames.FailedJobs, PolicyFile.FailedLogsKeeper }.Order(), result.Policies.Select(p => p.Name).Order());

        Assert.Equal(new PolicyFileRunSettings { BatchSize = 100, ParallelDelete = true, MaxWorkers = 4 }, result.Settings);
        var warnings = FileWarnings(host);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("line 16: notifications.enabled, notifications.email_on_error, notifications.summary_webhook ignored", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("performance.batch_size (100), performance.parallel_delete (true), performance.max_workers (4) were read but not applied", StringComparison.Ordinal));
        Assert.Equal(warnings, result.Warnings);
        Assert.Equal(3, host.ShouldProcessCalls.Count);
    }

    [Fact]
    public void Reference_002_imports_with_warnings_for_schedule_paths_performance_and_notifications()
    {
        using var install = new JobInstallation();
        var host = new RecordingHost();

        var result = Import(install, ReferenceFile("002_cleanup_config.yaml"), host);

        var policies = InForce(install);
        Assert.Equal(TimeSpan.FromHours(168), policies[PolicyNames.SuccessfulJobs].Retention);
        Assert.Equal(TimeSpan.FromHours(12), policies[PolicyNames.FailedJobs].Retention);
        AssertLogsKeeper(policies[PolicyFile.FailedLogsKeeper], JobStatus.Failed);
        Assert.False(policies.ContainsKey(PolicyFile.SuccessfulLogsKeeper));

        Assert.Equal(new PolicyFileRunSettings
        {
            BatchSize = 100, ParallelDelete = true, MaxWorkers = 4,
            DatabasePath = "./jobs.db", UploadsPath = "./uploads", ResultsPath = "./results", LogsPath = "./logs",
        }, result.Settings);
        var warnings = FileWarnings(host);
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("line 13: schedule.enabled, schedule.cron ignored: CleanupTools does not schedule runs", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("line 31: notifications.email, notifications.slack ignored", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("performance.batch_size (100)", StringComparison.Ordinal) && w.Contains("not applied", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("paths.database (./jobs.db), paths.uploads (./uploads), paths.results (./results), paths.logs (./logs) were read but not applied", StringComparison.Ordinal)
                                            && w.Contains("never from a policy file", StringComparison.Ordinal));
    }

    [Fact]
    public void Keep_logs_true_stores_a_disabled_logs_policy_for_completed_jobs_and_false_removes_it_again()
    {
        using var install = new JobInstallation();

        ImportText(install, "retention:\n  successful_jobs:\n    days: 3\n    keep_logs: true\n");
        var keeper = InForce(install)[PolicyFile.SuccessfulLogsKeeper];
        AssertLogsKeeper(keeper, JobStatus.Completed);
        using (var context = install.Open())
            Assert.Equal(PolicyFile.SuccessfulLogsKeeper, context.Policies.ForComponent(DataComponent.Logs, JobStatus.Completed)?.Name);

        // Importing the same file again changes nothing and is no error (the keeper's target is restated, not changed).
        ImportText(install, "retention:\n  successful_jobs:\n    days: 3\n    keep_logs: true\n");
        Assert.True(InForce(install).ContainsKey(PolicyFile.SuccessfulLogsKeeper));

        var host = new RecordingHost();
        var result = ImportText(install, "retention:\n  successful_jobs:\n    keep_logs: false\n", host);
        Assert.Equal(new[] { PolicyFile.SuccessfulLogsKeeper }, result.Removed);
        Assert.False(InForce(install).ContainsKey(PolicyFile.SuccessfulLogsKeeper));
        Assert.Equal(TimeSpan.FromDays(3), InForce(install)[PolicyNames.SuccessfulJobs].Retention);
    }

    [Fact]
    public void Keep_logs_false_leaves_an_enabled_logs_policy_of_that_name_alone_with_an_error()
    {
        using var install = new JobInstallation();
        ImportText(install, "policies:\n  successful_jobs_logs:\n    component: logs\n    status: completed\n    retention: 30d\n");
        var path = WriteFile(install, "retention:\n  successful_jobs:\n    keep_logs: false\n", "second.yaml");
        var before = Bytes(install);

        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));

        Assert.Contains("second.yaml, line 3, column 5: retention.successful_jobs.keep_logs:", error.Message);
        Assert.Contains("not one that keeps logs", error.Message);
        AssertUnchanged(before, install);
    }

    [Fact]
    public void Keep_metadata_false_is_an_error_saying_records_are_always_kept_and_stores_nothing()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, "retention:\n  successful_jobs:\n    days: 7\n    keep_metadata: false\n");
        var before = Bytes(install);

        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));

        Assert.Contains("cleanup_config.yaml, line 4, column 20: retention.successful_jobs.keep_metadata: false is not possible: CleanupTools always keeps a job's record", error.Message);
        AssertUnchanged(before, install);
    }

    /// <summary>The warnings about the file, without the store's first-write migration notes.</summary>
    private static List<string> FileWarnings(RecordingHost host) =>
        host.Warnings.Where(w => !w.StartsWith("Changed the store's schema", StringComparison.Ordinal)).ToList();

    private static void AssertLogsKeeper(RetentionPolicy keeper, JobStatus status)
    {
        Assert.Equal(PolicyTargetKind.Component, keeper.TargetKind);
        Assert.Equal(DataComponent.Logs, keeper.Component);
        Assert.Equal(status, keeper.Status);
        Assert.False(keeper.Enabled);
        Assert.Equal(SettingValueParser.MaxRetention, keeper.Retention);
    }
}
