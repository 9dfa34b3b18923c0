using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>
/// Reads and changes the stored retention policies (Get-/Set-/Reset-RetentionPolicy, `cleanuptools policy`).
/// Every change is validated whole before anything is written, and -WhatIf writes nothing, not even the table.
/// </summary>
public static class PolicyService
{
    public static IReadOnlyList<RetentionPolicy> Get(CleanupContext context, IEnumerable<string>? names = null)
    {
        if (names is null) return context.Policies.All;
        var policies = new List<RetentionPolicy>();
        foreach (var name in names.Select(PolicyNames.Normalize).Distinct())
            policies.Add(context.Policies.Named(name) ?? throw UnknownPolicy(context, name));
        return policies;
    }

    /// <summary>
    /// The named policies that exist; each name no policy has is reported through the host as a per-item
    /// ObjectNotFound error (as Get-Item does), and the others are still returned.
    /// </summary>
    public static IReadOnlyList<RetentionPolicy> Find(CleanupContext context, IEnumerable<string> names, IOperationHost host)
    {
        var policies = new List<RetentionPolicy>();
        foreach (var name in names.Select(PolicyNames.Normalize).Distinct())
        {
            if (context.Policies.Named(name) is { } policy) policies.Add(policy);
            else host.WriteError(new OperationError("PolicyNotFound", ErrorKind.ObjectNotFound, UnknownPolicy(context, name).Message, name));
        }
        return policies;
    }

    /// <summary>
    /// Validates and stores a change, recording who made it and when. Returns the policy as it now resolves, or
    /// null when the host declined (-WhatIf), in which case nothing, not even the policy table, is written.
    /// </summary>
    public static RetentionPolicy? Set(CleanupContext context, PolicyChange change, IOperationHost host)
    {
        var next = Apply(context, change);
        var what = $"Set {Describe(next)}";
        if (!host.ShouldProcess($"retention policy {next.Name} in {context.Store.Description}", what))
            return null;
        context.Store.SavePolicy(StoredPolicy.From(next, context.Clock.GetUtcNow(), Who()));
        ReportMigrations(context, host);

        var resolved = Resolve(context).Named(next.Name)!;
        if (resolved.Source is SettingSource.Environment or SettingSource.Parameter)
            host.WriteWarning($"The stored retention of {next.Name} is saved, but the {resolved.Source.ToString().ToLowerInvariant()} value ({CandidateEvaluator.FormatRetention(resolved.Retention)}) still takes precedence.");
        return resolved;
    }

    /// <summary>
    /// The policy a change would produce, validated, without storing it. The unchanged parts come from the stored
    /// definition or the default, never from an environment or parameter override (which is not the store's to keep).
    /// </summary>
    public static RetentionPolicy Apply(CleanupContext context, PolicyChange change)
    {
        var name = PolicyNames.Normalize(change.Name);
        if (change.ChangesNothing)
            throw new ConfigurationException($"Nothing to change in {name}: give a retention, an enabled state, an action, keep-newest, a root, patterns or a description.");
        var stored = Resolve(context, overrides: false).Named(name);
        var current = stored ?? NewPolicy(context, name, change);
        if (stored is not null && (change.Component is not null || (change.Status is not null && stored.TargetKind == PolicyTargetKind.JobStatus)))
            throw new ConfigurationException($"{name} already exists and targets {stored.Target}; its target cannot be changed. Reset it first, or choose another name.");
        // The policy table keeps whole seconds: a shorter retention would be stored as zero.
        if (change.Retention is { } r && r > TimeSpan.Zero && r < TimeSpan.FromSeconds(1))
            throw new ConfigurationException($"Retention must be zero or at least one second (got {r}).");
        if (change.Retention == TimeSpan.Zero && !change.AllowMassDeletion)
            throw new ConfigurationException(
                $"A zero retention makes {name} delete everything it targets as soon as it exists. If that is meant, repeat with -AllowMassDeletion (--allow-mass-deletion).");

        var (keepNewest, perWorkflow) = change.KeepLatestPerWorkflow
            ? (1, true)
            : (change.KeepNewest ?? current.KeepNewest, change.KeepNewestPerWorkflow ?? current.KeepNewestPerWorkflow);
        var next = current with
        {
            Retention = change.Retention ?? current.Retention,
            Enabled = change.Enabled ?? current.Enabled,
            Description = change.Description ?? current.Description,
            Action = change.Action ?? current.Action,
            // Zero means "no longer keep any newest": stored as none, so the listing does not show a rule that keeps nothing.
            KeepNewest = keepNewest is 0 ? null : keepNewest,
            KeepNewestPerWorkflow = keepNewest is 0 ? false : perWorkflow,
            Status = change.Status ?? current.Status,
            Root = change.Root ?? current.Root,
            Patterns = change.Patterns ?? current.Patterns,
            MatchStatus = change.MatchStatus ?? current.MatchStatus,
        };
        PolicyValidator.Validate(next);
        if (next.TargetKind == PolicyTargetKind.PathClass && next.Root is { } root) context.PathClassRoot(next.Name, root);
        return next;
    }

    /// <summary>
    /// Returns policies to their defaults (reference 001's "reset to defaults"): the named ones, or all of them.
    /// An admin's own policy has no default, so resetting it removes it. Returns the policies as they now resolve.
    /// </summary>
    public static IReadOnlyList<RetentionPolicy>? Reset(CleanupContext context, IReadOnlyCollection<string>? names, IOperationHost host)
    {
        var normalized = names?.Select(PolicyNames.Normalize).Distinct().ToArray();
        foreach (var name in normalized ?? Array.Empty<string>())
        {
            if (context.Policies.Named(name) is null) throw UnknownPolicy(context, name);
        }
        var target = normalized is null ? "every retention policy" : $"retention {(normalized.Length == 1 ? "policy" : "policies")} {string.Join(", ", normalized)}";
        if (!host.ShouldProcess($"{target} in {context.Store.Description}", "Reset to the defaults (an admin's own policies are removed)"))
            return null;
        var removed = context.Store.DeleteStoredPolicies(normalized);
        ReportMigrations(context, host);
        host.WriteVerbose($"Removed {removed} stored polic{(removed == 1 ? "y" : "ies")} from cleanup_policies.");
        var after = Resolve(context);
        return normalized is null ? after.All : normalized.Select(after.Named).OfType<RetentionPolicy>().ToArray();
    }

    private static RetentionPolicy NewPolicy(CleanupContext context, string name, PolicyChange change)
    {
        if (change.Component is null && change.Patterns is null)
            throw UnknownPolicy(context, name);
        if (change.Retention is null)
            throw new ConfigurationException($"A new policy needs a retention: give one for {name}.");
        return new RetentionPolicy
        {
            Name = name,
            TargetKind = change.Component is not null ? PolicyTargetKind.Component : PolicyTargetKind.PathClass,
            Component = change.Component,
            Retention = change.Retention.Value,
            Action = change.Component is not null ? CleanupAction.DeleteData : CleanupAction.DeleteAll,
            Source = SettingSource.Stored,
            DefinitionSource = SettingSource.Stored,
        };
    }

    private static ConfigurationException UnknownPolicy(CleanupContext context, string name) => new(
        $"Unknown retention policy '{name}'. Known policies: {string.Join(", ", context.Policies.All.Select(p => p.Name))}. " +
        "To create one, give a component (results, uploads, logs, temp) or a root and patterns with a retention.");

    private static RetentionPolicySet Resolve(CleanupContext context, bool overrides = true) => overrides
        ? PolicyResolver.Resolve(context.Options, context.Environment, context.Store.GetStoredPolicies())
        : PolicyResolver.Resolve(new CleanupOptions(), EnvironmentReader.Empty, context.Store.GetStoredPolicies());

    private static void ReportMigrations(CleanupContext context, IOperationHost host) => context.ReportSchemaChanges(host);

    internal static string Who() => $"{Environment.UserName}@{Environment.MachineName}";

    private static string Describe(RetentionPolicy p) =>
        $"{p.Target} retention {CandidateEvaluator.FormatRetention(p.Retention)}, action {p.Action}, enabled {p.Enabled}" +
        (p.KeepNewest is { } n ? $", keep newest {n}{(p.KeepNewestPerWorkflow ? " per workflow type" : "")}" : "") +
        (p.Root is { } r ? $", root {r}" : "") +
        (p.Patterns.Count > 0 ? $", patterns {string.Join(" ", p.Patterns)}" : "");
}
