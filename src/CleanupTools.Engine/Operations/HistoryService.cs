using CleanupTools.Configuration;
using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>The audit trail (Get-CleanupHistory, `cleanuptools history`, `run --stats`): reads only.</summary>
public static class HistoryService
{
    public const int MaxLimit = 1_000_000;
    /// <summary>Entries shown when no limit is given.</summary>
    public const int DefaultLimit = 1000;

    public static IReadOnlyList<CleanupAuditEntry> Get(CleanupContext context, AuditQuery query)
    {
        if (query.Limit is < 1 or > MaxLimit)
            throw new ConfigurationException($"The limit must be from 1 to {MaxLimit} (got {query.Limit}).");
        if (query.Since is { } since && query.Until is { } until && since > until)
            throw new ConfigurationException($"Since ({since:u}) is after Until ({until:u}).");
        return context.Store.QueryAudit(query);
    }

    /// <summary>Reference 001's --stats: totals over the runs in the audit trail, newest run first.</summary>
    public static CleanupStatistics Statistics(CleanupContext context, DateTimeOffset? since)
    {
        var runs = context.Store.QueryAudit(new AuditQuery { Since = since, TargetKind = CleanupAuditEntry.RunTarget, Limit = MaxLimit });
        var items = context.Store.QueryAudit(new AuditQuery { Since = since, Limit = MaxLimit }).Where(e => e.TargetKind != CleanupAuditEntry.RunTarget).ToArray();
        return new CleanupStatistics
        {
            Since = since,
            Runs = runs.Count,
            LastRun = runs.FirstOrDefault()?.Timestamp,
            ItemsActedOn = items.Length,
            ItemsFailed = items.Count(e => e.Outcome is "Failed" or "Partial"),
            BytesFreed = items.Where(e => e.Outcome is "Deleted" or "Partial" or "Purged").Sum(e => e.BytesFreed),
            BytesMoved = items.Where(e => e.Outcome is "Quarantined" or "Partial").Sum(e => e.BytesMoved),
            RecentRuns = runs.Take(10).ToArray(),
        };
    }
}
