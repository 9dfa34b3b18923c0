using System.Data.Common;
using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Stores.Sqlite;

namespace CleanupTools.Operations;

/// <summary>
/// The values a front end completes on Tab (policy names, job ids, hold ids), read from the store its command line
/// names. The store is opened for lookups only: nothing is written, migrated, locked or created beside it. A store
/// that is missing, unreadable or misconfigured yields nothing, because a completion has nobody to report an error to.
/// </summary>
public sealed class CompletionLookup
{
    /// <summary>Job ids offered at most: enough to browse, few enough that a large store answers at once.</summary>
    public const int MaxJobIds = 100;

    private readonly CleanupOptions _options;
    private readonly EnvironmentReader _environment;
    private readonly TimeProvider _clock;
    private readonly string _currentDirectory;

    public CompletionLookup(CleanupOptions options, EnvironmentReader environment, TimeProvider clock, string currentDirectory)
    {
        _options = options;
        _environment = environment;
        _clock = clock;
        _currentDirectory = currentDirectory;
    }

    /// <summary>With the process environment and the system clock, as the front ends run.</summary>
    public static CompletionLookup ForProcess(CleanupOptions options, string currentDirectory) =>
        new(options, EnvironmentReader.FromProcess(), TimeProvider.System, currentDirectory);

    /// <summary>The policies Get-RetentionPolicy would list (built-in, stored, from the environment) whose name starts with the prefix.</summary>
    public IReadOnlyList<CompletionValue> PolicyNames(string prefix) => Read(store =>
        PolicyResolver.Resolve(_options, _environment, store.GetStoredPolicies()).All
            .Where(p => p.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(p => new CompletionValue(p.Name, p.Name, Describe(p)))
            .ToArray());

    /// <summary>Up to <see cref="MaxJobIds"/> job ids that start with the prefix, newest (highest id) first.</summary>
    public IReadOnlyList<CompletionValue> JobIds(string prefix) => Read(store =>
        store.FindJobIds(prefix, MaxJobIds)
            .Select(id => new CompletionValue(id, id, id))
            .ToArray());

    /// <summary>The holds in force whose id starts with the prefix, each described by its target and reason.</summary>
    public IReadOnlyList<CompletionValue> HoldIds(string prefix)
    {
        var now = _clock.GetUtcNow();
        return Read(store => store.GetHolds()
            .Where(h => h.IsActive(now))
            .Select(h => (Hold: h, Id: h.Id.ToString(CultureInfo.InvariantCulture)))
            .Where(h => h.Id.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(h => h.Hold.Id)
            .Select(h => new CompletionValue(h.Id, $"{h.Id} ({Target(h.Hold)})", Describe(h.Hold)))
            .ToArray());
    }

    private IReadOnlyList<CompletionValue> Read(Func<IJobStore, IReadOnlyList<CompletionValue>> read)
    {
        try
        {
            var settings = SettingsResolver.Resolve(_options, _environment, _currentDirectory);
            using IJobStore store = settings.Postgres is { } postgres
                ? PostgresJobStore.OpenForLookup(postgres, settings.Mapping)
                : SqliteJobStore.OpenForLookup(settings.DbPath, settings.Mapping);
            return read(store);
        }
        catch (Exception e) when (e is ConfigurationException or DbException or IOException or UnauthorizedAccessException
                                      or TimeoutException or InvalidOperationException or ArgumentException or FormatException
                                      || PostgresErrors.IsDriverError(e))
        {
            return Array.Empty<CompletionValue>();
        }
    }

    private static string Target(CleanupHold hold) => $"{hold.Kind.ToString().ToLowerInvariant()} {hold.Target}";

    private static string Describe(CleanupHold hold) =>
        $"{Target(hold)}: {hold.Reason}{(hold.ExpiresAt is { } until ? $" (until {until:u})" : "")}";

    private static string Describe(RetentionPolicy policy)
    {
        var state = policy.Enabled ? "" : ", disabled";
        var text = $"{policy.Name} ({policy.Target}): {CandidateEvaluator.FormatRetention(policy.Retention)}, {policy.Action}{state}";
        return policy.Description is { Length: > 0 } description ? $"{text}. {description}" : text;
    }
}
