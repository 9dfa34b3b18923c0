using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>Reads and changes the stored retention policies (Get-/Set-RetentionPolicy, cleanuptools policy).</summary>
public static class PolicyService
{
    public static IReadOnlyList<RetentionPolicy> Get(CleanupContext context, IEnumerable<string>? names = null)
    {
        var wanted = names?.Select(PolicyNames.Canonical).ToHashSet(StringComparer.Ordinal);
        return context.Policies.All.Where(p => wanted is null || wanted.Contains(p.Name)).ToArray();
    }

    /// <summary>
    /// Validates and stores a change, recording who made it and when. Returns the policy as it now resolves, or
    /// null when the host declined (-WhatIf), in which case nothing, not even the policy table, is written.
    /// </summary>
    public static RetentionPolicy? Set(CleanupContext context, string name, TimeSpan? retention, bool? enabled, string? description, IOperationHost host)
    {
        var canonical = PolicyNames.Canonical(name);
        if (retention is null && enabled is null && description is null)
            throw new ConfigurationException("Nothing to change: give a retention, an enabled state or a description.");
        if (retention is { } r)
        {
            SettingValueParser.ValidateRetention("Retention", r);
            // The policy table keeps whole seconds: a shorter retention would be stored as zero and refused by the
            // table's CHECK, after the store had already been migrated.
            if (r < TimeSpan.FromSeconds(1))
                throw new ConfigurationException($"Retention must be at least one second (got {r}).");
        }
        if (description is { Length: > 1000 })
            throw new ConfigurationException("The description may be at most 1000 characters.");

        var current = context.Policies.All.Single(p => p.Name == canonical);
        var stored = context.Store.GetStoredPolicies().FirstOrDefault(p => p.Name == canonical);
        var next = new StoredPolicy(
            canonical,
            retention ?? stored?.Retention ?? current.Retention,
            enabled ?? stored?.Enabled ?? true,
            description ?? stored?.Description,
            context.Clock.GetUtcNow(),
            $"{Environment.UserName}@{Environment.MachineName}");

        var change = $"Set retention {CandidateEvaluatorText(next.Retention)}, enabled {next.Enabled}";
        if (!host.ShouldProcess($"retention policy {canonical} in {context.Store.Description}", change))
            return null;
        context.Store.SavePolicy(next);
        foreach (var migration in context.Store.Migrations) host.WriteWarning($"Changed the store's schema: {migration}.");

        var resolved = PolicyResolver.Resolve(context.Options, context.Environment, context.Store.GetStoredPolicies()).All.Single(p => p.Name == canonical);
        if (resolved.Source is SettingSource.Environment or SettingSource.Parameter)
            host.WriteWarning($"The stored retention of {canonical} is saved, but the {resolved.Source.ToString().ToLowerInvariant()} value ({CandidateEvaluatorText(resolved.Retention)}) still takes precedence.");
        return resolved;
    }

    private static string CandidateEvaluatorText(TimeSpan retention) => CandidateEvaluator.FormatRetention(retention);
}
