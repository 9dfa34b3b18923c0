using CleanupTools.Configuration;

namespace CleanupTools.Policies;

/// <summary>Retention precedence: parameter &gt; environment &gt; stored policy &gt; default, with the source of each value kept.</summary>
public static class PolicyResolver
{
    public static RetentionPolicySet Resolve(CleanupOptions options, EnvironmentReader environment, IReadOnlyCollection<StoredPolicy> stored)
    {
        var byName = new Dictionary<string, StoredPolicy>(StringComparer.Ordinal);
        foreach (var row in stored) byName[row.Name] = row;

        var (successRetention, successSource) = Pick(
            options.SuccessRetention is { } s ? SettingValueParser.ValidateRetention("SuccessRetention", s) : null,
            SuccessFromEnvironment(environment),
            byName.GetValueOrDefault(PolicyNames.SuccessfulJobs)?.Retention,
            DefaultPolicies.SuccessfulRetention);
        var (failedRetention, failedSource) = Pick(
            options.FailedRetention is { } f ? SettingValueParser.ValidateRetention("FailedRetention", f) : null,
            environment.First(EnvironmentVariables.FailedRetentionHours) is { } fe ? SettingValueParser.ParseHours(fe.Name, fe.Value) : null,
            byName.GetValueOrDefault(PolicyNames.FailedJobs)?.Retention,
            DefaultPolicies.FailedRetention);

        var policies = new List<RetentionPolicy>();
        foreach (var builtIn in DefaultPolicies.All)
        {
            var policy = byName.TryGetValue(builtIn.Name, out var row) ? FromStored(row, builtIn) : builtIn;
            policies.Add(builtIn.Name switch
            {
                PolicyNames.SuccessfulJobs => WithRetention(policy, successRetention, successSource),
                PolicyNames.FailedJobs => WithRetention(policy, failedRetention, failedSource),
                _ => policy,
            });
        }
        policies.AddRange(byName.Values.Where(r => !PolicyNames.IsBuiltIn(r.Name)).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => FromStored(r, null)));
        return new RetentionPolicySet(policies);
    }

    /// <summary>A stored row as a policy; a row edited into nonsense by hand is a configuration error naming it.</summary>
    private static RetentionPolicy FromStored(StoredPolicy row, RetentionPolicy? builtIn)
    {
        var policy = new RetentionPolicy
        {
            Name = row.Name,
            // A built-in policy's target is part of what it is; a row cannot move successful_jobs onto other data.
            TargetKind = builtIn?.TargetKind ?? row.TargetKind,
            Status = builtIn is null ? row.Status : builtIn.Status,
            Component = builtIn is null ? row.Component : builtIn.Component,
            Root = row.Root,
            Patterns = row.Patterns.Count > 0 || builtIn is null ? row.Patterns : builtIn.Patterns,
            MatchStatus = builtIn is null ? row.MatchStatus : builtIn.MatchStatus,
            Retention = row.Retention,
            Action = row.Action ?? builtIn?.Action ?? CleanupAction.DeleteData,
            Enabled = row.Enabled,
            KeepNewest = row.KeepNewest,
            KeepNewestPerWorkflow = row.KeepNewestPerWorkflow,
            Description = row.Description ?? builtIn?.Description,
            Source = SettingSource.Stored,
            DefinitionSource = SettingSource.Stored,
            UpdatedAt = row.UpdatedAt,
            UpdatedBy = row.UpdatedBy,
        };
        try
        {
            PolicyValidator.Validate(policy);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"The stored policy '{row.Name}' in cleanup_policies is not valid: {e.Message}", e);
        }
        return policy;
    }

    private static RetentionPolicy WithRetention(RetentionPolicy policy, TimeSpan retention, SettingSource source) =>
        policy with { Retention = retention, Source = source };

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
}
