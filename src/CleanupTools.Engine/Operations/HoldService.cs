using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>Adds, lists and removes holds (Add-/Get-/Remove-CleanupHold, `cleanuptools hold`).</summary>
public static class HoldService
{
    public const int MaxReasonLength = 1000;

    /// <summary>Holds, optionally only the ones in force now; a store that never had one has none.</summary>
    public static IReadOnlyList<CleanupHold> Get(CleanupContext context, bool activeOnly)
    {
        var now = context.Clock.GetUtcNow();
        return context.Store.GetHolds().Where(h => !activeOnly || h.IsActive(now)).ToArray();
    }

    /// <summary>Validates and stores a hold; returns it with its id, or null when the host declined (-WhatIf).</summary>
    /// <param name="duration">How long from now the hold lasts: the other way to give its expiry (not both).</param>
    public static CleanupHold? Add(CleanupContext context, HoldKind kind, string target, string reason, DateTimeOffset? expiresAt, IOperationHost host, TimeSpan? duration = null)
    {
        var now = context.Clock.GetUtcNow();
        if (duration is { } lasts)
        {
            if (expiresAt is not null) throw new ConfigurationException("Give an expiry time or a duration for the hold, not both.");
            expiresAt = now + SettingValueParser.ValidateRetention("The hold's duration", lasts);
        }
        target = kind == HoldKind.Job ? CheckJobId(target) : GlobPattern.Absolute(target, "the hold").Text;
        if (string.IsNullOrWhiteSpace(reason))
            throw new ConfigurationException("A hold needs a reason: say why the data must stay.");
        if (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\t'))
            throw new ConfigurationException($"A hold's reason must be one line of at most {MaxReasonLength} characters.");
        if (expiresAt is { } expires && expires <= now)
            throw new ConfigurationException($"The hold would expire at {expires:u}, which is not in the future.");
        var hold = new CleanupHold
        {
            Kind = kind,
            Target = target,
            Reason = reason.Trim(),
            ExpiresAt = expiresAt,
            CreatedAt = now,
            CreatedBy = PolicyService.Who(),
        };
        if (!host.ShouldProcess($"{kind.ToString().ToLowerInvariant()} {target} in {context.Store.Description}", $"Hold: {hold.Reason}"))
            return null;
        var saved = context.Store.SaveHold(hold);
        context.ReportSchemaChanges(host);
        return saved;
    }

    /// <summary>Removes holds by id; an id no hold has is a per-item error, and the others still go.</summary>
    public static IReadOnlyList<CleanupHold> Remove(CleanupContext context, IReadOnlyCollection<long> ids, IOperationHost host)
    {
        var existing = context.Store.GetHolds().ToDictionary(h => h.Id);
        var removed = new List<CleanupHold>();
        foreach (var id in ids.Distinct())
        {
            if (!existing.TryGetValue(id, out var hold))
            {
                host.WriteError(new OperationError("HoldNotFound", ErrorKind.ObjectNotFound, $"There is no hold {id}.", id));
                continue;
            }
            if (!host.ShouldProcess($"hold {id} ({hold.Kind.ToString().ToLowerInvariant()} {hold.Target})", "Remove the hold")) continue;
            if (context.Store.RemoveHolds(new[] { id }) == 1) removed.Add(hold);
        }
        return removed;
    }

    private static string CheckJobId(string jobId)
    {
        if (string.IsNullOrWhiteSpace(jobId) || jobId.Length > 1000 || jobId.Any(char.IsControl))
            throw new ConfigurationException($"'{StorageRoot.Printable(jobId)}' is not a job id a hold can name.");
        return jobId;
    }
}
