using CleanupTools.Configuration;

namespace CleanupTools.Policies;

/// <summary>Retention precedence: parameter &gt; environment &gt; stored policy &gt; default, with the source of each value kept.</summary>
public static class PolicyResolver
{
    public static RetentionPolicySet Resolve(CleanupOptions options, EnvironmentReader environment, IReadOnlyCollection<StoredPolicy> stored)
    {
        var successfulStored = stored.FirstOrDefault(p => p.Name == PolicyNames.SuccessfulJobs);
        var failedStored = stored.FirstOrDefault(p => p.Name == PolicyNames.FailedJobs);

        var (successRetention, successSource) = Pick(
            options.SuccessRetention is { } s ? SettingValueParser.ValidateRetention("SuccessRetention", s) : null,
            SuccessFromEnvironment(environment),
            successfulStored?.Retention,
            DefaultPolicies.SuccessfulRetention);
        var (failedRetention, failedSource) = Pick(
            options.FailedRetention is { } f ? SettingValueParser.ValidateRetention("FailedRetention", f) : null,
            environment.First(EnvironmentVariables.FailedRetentionHours) is { } fe ? SettingValueParser.ParseHours(fe.Name, fe.Value) : null,
            failedStored?.Retention,
            DefaultPolicies.FailedRetention);

        return new RetentionPolicySet(
            Apply(DefaultPolicies.Successful(successRetention, successSource), successfulStored),
            Apply(DefaultPolicies.Failed(failedRetention, failedSource), failedStored));
    }

    /// <summary>
    /// The CLEANUPTOOLS_* pair is read first and wins outright; within one pair, hours and days that disagree
    /// are an error, since neither is obviously meant (both editions' variables may linger in one environment).
    /// </summary>
    private static TimeSpan? SuccessFromEnvironment(EnvironmentReader environment)
    {
        for (var i = 0; i < EnvironmentVariables.SuccessRetentionHours.Length; i++)
        {
            var hours = environment.First(new[] { EnvironmentVariables.SuccessRetentionHours[i] });
            var days = environment.First(new[] { EnvironmentVariables.SuccessRetentionDays[i] });
            var fromHours = hours is { } h ? SettingValueParser.ParseHours(h.Name, h.Value) : (TimeSpan?)null;
            var fromDays = days is { } d ? SettingValueParser.ParseDays(d.Name, d.Value) : (TimeSpan?)null;
            if (fromHours is not null && fromDays is not null && fromHours != fromDays)
                throw new ConfigurationException(
                    $"{hours!.Value.Name}={hours.Value.Value} and {days!.Value.Name}={days.Value.Value} disagree; set only one of them.");
            if ((fromHours ?? fromDays) is { } found) return found;
        }
        return null;
    }

    private static (TimeSpan, SettingSource) Pick(TimeSpan? parameter, TimeSpan? environment, TimeSpan? stored, TimeSpan fallback) =>
        parameter is { } p ? (p, SettingSource.Parameter)
        : environment is { } e ? (e, SettingSource.Environment)
        : stored is { } s ? (s, SettingSource.Stored)
        : (fallback, SettingSource.Default);

    private static RetentionPolicy Apply(RetentionPolicy policy, StoredPolicy? stored) => stored is null
        ? policy
        : new RetentionPolicy
        {
            Name = policy.Name,
            Target = policy.Target,
            Retention = policy.Retention,
            Action = policy.Action,
            Source = policy.Source,
            Enabled = stored.Enabled,
            Description = stored.Description ?? policy.Description,
            UpdatedAt = stored.UpdatedAt,
            UpdatedBy = stored.UpdatedBy,
        };
}
