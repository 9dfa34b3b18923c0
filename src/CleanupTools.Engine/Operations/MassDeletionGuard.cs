using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>
/// restic's lesson (a typo in a keep rule once removed every snapshot): before a real run deletes anything it
/// counts, per policy, how many of the items that still hold data it would remove. A run that would remove all
/// of them (or at least <see cref="MaxShare"/> of them), or that a zero retention drives, stops with nothing
/// deleted unless mass deletion was explicitly allowed. A class of a single item is exempt: one is not a mass.
/// </summary>
public sealed class MassDeletionGuard
{
    public static readonly string[] MaxPercentVariables = { "CLEANUPTOOLS_MAX_DELETION_PERCENT" };
    public static readonly string[] AllowVariables = { "CLEANUPTOOLS_ALLOW_MASS_DELETION" };
    /// <summary>Only a run that would remove every item of a class stops, unless a lower share is set.</summary>
    public const double DefaultMaxDeletionPercent = 100;
    private readonly Dictionary<string, (long Total, long Removed)> _classes = new(StringComparer.Ordinal);

    private MassDeletionGuard(bool allowed, double maxShare)
    {
        Allowed = allowed;
        MaxShare = maxShare;
    }

    public bool Allowed { get; }
    /// <summary>The share (0 to 1] of a class's items whose removal stops the run.</summary>
    public double MaxShare { get; }

    public static MassDeletionGuard Resolve(CleanupOptions options, EnvironmentReader environment)
    {
        var allowed = options.AllowMassDeletion ?? (environment.First(AllowVariables) is { } a && SettingValueParser.ParseBool(a.Name, a.Value));
        var percent = options.MaxDeletionPercent is { } p ? Percent("MaxDeletionPercent", p)
            : environment.First(MaxPercentVariables) is { } e ? SettingValueParser.ParsePercent(e.Name, e.Value)
            : DefaultMaxDeletionPercent;
        return new MassDeletionGuard(allowed, percent / 100);
    }

    /// <summary>Counts items of a policy's class that still hold data.</summary>
    public void AddTotal(string policy, long items = 1)
    {
        var (total, gone) = _classes.GetValueOrDefault(policy);
        _classes[policy] = (total + items, gone);
    }

    /// <summary>Counts one item the run would remove.</summary>
    public void AddRemoved(string policy)
    {
        var (total, gone) = _classes.GetValueOrDefault(policy);
        _classes[policy] = (total, gone + 1);
    }

    /// <summary>Why the run must stop, or null when it may go on.</summary>
    public string? Verdict(RetentionPolicySet policies)
    {
        var problems = new List<string>();
        foreach (var (name, (total, removed)) in _classes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (removed == 0) continue;
            var policy = policies.Named(name);
            if (policy is { Retention.Ticks: 0 })
                problems.Add($"policy {name} has a zero retention and would remove {removed} of {total} items");
            else if (removed >= 2 && removed >= Math.Ceiling(total * MaxShare - 1e-9))
                problems.Add(removed == total
                    ? $"policy {name} would remove all {total} items that still hold data"
                    : $"policy {name} would remove {removed} of {total} items ({100.0 * removed / total:0.#} %, the limit is {MaxShare * 100:0.#} %)");
        }
        if (problems.Count == 0 || Allowed) return null;
        return $"Stopped before deleting anything: {string.Join("; ", problems)}. If that is meant, repeat with --allow-mass-deletion " +
               "(PowerShell: -AllowMassDeletion); the share that stops a run is set with --max-deletion-percent (-MaxDeletionPercent).";
    }

    private static double Percent(string name, double value)
    {
        if (double.IsNaN(value) || value <= 0 || value > 100)
            throw new ConfigurationException($"{name} must be a percentage above 0 and at most 100 (got {value}).");
        return value;
    }
}
