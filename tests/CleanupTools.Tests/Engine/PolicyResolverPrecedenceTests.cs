using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Tests.Engine;

/// <summary>Retention precedence: parameter &gt; environment &gt; stored policy &gt; default, with the source reported.</summary>
public sealed class PolicyResolverPrecedenceTests
{
    private static readonly DateTimeOffset Saved = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);

    private static StoredPolicy[] Stored(double successHours = 72, double failedHours = 6, bool enabled = true) => new[]
    {
        new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromHours(successHours), enabled, "stored success", Saved, "alice@host"),
        new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromHours(failedHours), true, null, Saved, "bob@host"),
    };

    [Fact]
    public void Defaults_are_168h_DeleteData_and_12h_DeleteAll()
    {
        var set = PolicyResolver.Resolve(new CleanupOptions(), EnvironmentReader.Empty, Array.Empty<StoredPolicy>());

        Assert.Equal(TimeSpan.FromHours(168), set.Successful.Retention);
        Assert.Equal(SettingSource.Default, set.Successful.Source);
        Assert.Equal(CleanupAction.DeleteData, set.Successful.Action);
        Assert.Equal(JobStatus.Completed, set.Successful.Status);
        Assert.Equal("completed", set.Successful.Target);
        Assert.True(set.Successful.Enabled);
        Assert.Equal(TimeSpan.FromHours(12), set.Failed.Retention);
        Assert.Equal(SettingSource.Default, set.Failed.Source);
        Assert.Equal(CleanupAction.DeleteAll, set.Failed.Action);
        Assert.Equal(JobStatus.Failed, set.Failed.Status);
        Assert.Null(set.Successful.UpdatedBy);
    }

    [Fact]
    public void A_stored_policy_beats_the_default_and_brings_its_state_and_history()
    {
        var set = PolicyResolver.Resolve(new CleanupOptions(), EnvironmentReader.Empty, Stored(enabled: false));

        Assert.Equal(TimeSpan.FromHours(72), set.Successful.Retention);
        Assert.Equal(SettingSource.Stored, set.Successful.Source);
        Assert.False(set.Successful.Enabled);
        Assert.Equal("stored success", set.Successful.Description);
        Assert.Equal("alice@host", set.Successful.UpdatedBy);
        Assert.Equal(Saved, set.Successful.UpdatedAt);
        Assert.Equal(TimeSpan.FromHours(6), set.Failed.Retention);
        Assert.Equal(SettingSource.Stored, set.Failed.Source);
        Assert.NotNull(set.Failed.Description); // a stored null keeps the default description
    }

    [Fact]
    public void The_environment_beats_a_stored_policy_but_the_stored_enabled_state_still_applies()
    {
        var env = Env.Of(("EEMT_SUCCESS_RETENTION_HOURS", "48"), ("EEMT_FAILED_RETENTION_HOURS", "3"));

        var set = PolicyResolver.Resolve(new CleanupOptions(), env, Stored(enabled: false));

        Assert.Equal(TimeSpan.FromHours(48), set.Successful.Retention);
        Assert.Equal(SettingSource.Environment, set.Successful.Source);
        Assert.False(set.Successful.Enabled);
        Assert.Equal(TimeSpan.FromHours(3), set.Failed.Retention);
        Assert.Equal(SettingSource.Environment, set.Failed.Source);
    }

    [Fact]
    public void A_parameter_beats_the_environment_and_a_stored_policy()
    {
        var env = Env.Of(("EEMT_SUCCESS_RETENTION_HOURS", "48"), ("EEMT_FAILED_RETENTION_HOURS", "3"));
        var options = new CleanupOptions { SuccessRetention = TimeSpan.FromHours(2), FailedRetention = TimeSpan.FromMinutes(90) };

        var set = PolicyResolver.Resolve(options, env, Stored());

        Assert.Equal(TimeSpan.FromHours(2), set.Successful.Retention);
        Assert.Equal(SettingSource.Parameter, set.Successful.Source);
        Assert.Equal(TimeSpan.FromMinutes(90), set.Failed.Retention);
        Assert.Equal(SettingSource.Parameter, set.Failed.Source);
    }

    [Fact]
    public void Each_policy_resolves_its_own_level()
    {
        var set = PolicyResolver.Resolve(new CleanupOptions { FailedRetention = TimeSpan.FromHours(1) }, EnvironmentReader.Empty,
            new[] { Stored()[0] });

        Assert.Equal(SettingSource.Stored, set.Successful.Source);
        Assert.Equal(SettingSource.Parameter, set.Failed.Source);
    }

    [Fact]
    public void A_hand_edited_row_that_is_no_valid_policy_is_a_configuration_error_naming_it()
    {
        // Not successful_jobs (names are stored lower-case), and no admin's own policy can target a job status.
        var error = Assert.Throws<ConfigurationException>(() => PolicyResolver.Resolve(new CleanupOptions(), EnvironmentReader.Empty,
            new[] { new StoredPolicy("Successful_Jobs", TimeSpan.FromHours(1), false, null, null, null) }));

        Assert.Contains("'Successful_Jobs'", error.Message);
    }

    [Fact]
    public void A_stored_admin_policy_joins_the_built_in_ones_after_them()
    {
        var set = PolicyResolver.Resolve(new CleanupOptions(), EnvironmentReader.Empty,
            new[] { new StoredPolicy("failed_logs", TimeSpan.FromDays(30), true, null, null, null) { TargetKind = PolicyTargetKind.Component, Component = DataComponent.Logs, Status = JobStatus.Failed } });

        Assert.Equal(PolicyNames.BuiltIn.Append("failed_logs"), set.All.Select(p => p.Name));
        Assert.Same(set.Named("failed_logs"), set.ForComponent(DataComponent.Logs, JobStatus.Failed));
        Assert.Null(set.ForComponent(DataComponent.Logs, JobStatus.Completed));
        Assert.Equal(SettingSource.Default, set.Successful.Source);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(36_501 * 24)]
    public void An_invalid_retention_parameter_is_rejected_naming_it(double hours)
    {
        var successError = Assert.Throws<ConfigurationException>(() =>
            PolicyResolver.Resolve(new CleanupOptions { SuccessRetention = TimeSpan.FromHours(hours) }, EnvironmentReader.Empty, Array.Empty<StoredPolicy>()));
        var failedError = Assert.Throws<ConfigurationException>(() =>
            PolicyResolver.Resolve(new CleanupOptions { FailedRetention = TimeSpan.FromHours(hours) }, EnvironmentReader.Empty, Array.Empty<StoredPolicy>()));

        Assert.Contains("SuccessRetention", successError.Message);
        Assert.Contains("FailedRetention", failedError.Message);
    }
}
