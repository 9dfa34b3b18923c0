using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>A row as the contract reads it back from outside the store, in store-neutral form.</summary>
/// <param name="DataCleanedAt">'yyyy-MM-dd HH:mm:ss' (UTC) whatever the column's type, or null.</param>
public sealed record StoredRow(string Id, string Status, string? DataCleanedAt, string? Summary, string? ClaimedBy, DateTimeOffset? ClaimedUntil);

/// <summary>
/// One store's test database for one test: creates tables and rows, opens store instances on them (each with its own
/// connection), and looks at the data from outside the store. The contract only talks to this, so its body is
/// the same for every store; each fixture speaks its own database's dialect.
/// </summary>
public abstract class StoreFixture : IDisposable
{
    /// <summary>Reference 000's jobs table as the application leaves it (completed_at a timestamp column), with rows.</summary>
    public abstract void CreateJobs(IEnumerable<JobRow> rows, bool migrated = false);

    /// <summary>The jobs table with no rule on its id column (no unique, no NOT NULL), the rows, and <paramref name="nullIds"/> completed rows whose id is NULL.</summary>
    public abstract void CreateJobsWithoutIdRules(IEnumerable<JobRow> rows, int nullIds);

    /// <summary>runs(run_id integer primary key, state, finished_at): an application with integer ids ('done' rows).</summary>
    public abstract void CreateRuns(IEnumerable<int> ids);

    public static JobTableMapping RunsMapping() => new()
    {
        Table = "runs", IdColumn = "run_id", StatusColumn = "state", CompletedAtColumn = "finished_at", CompletedStatuses = new[] { "done" },
    };

    /// <summary>A new store instance (its own connection) on the same data.</summary>
    public abstract IJobStore Open(JobTableMapping? mapping = null);

    /// <summary>A new store instance opened for lookups only (tab completion), on the same data.</summary>
    public abstract IJobStore OpenForLookup(JobTableMapping? mapping = null);

    // Changes made behind the store's back, as the application (or another run) would make them.
    public abstract void MarkCleaned(IEnumerable<string> ids, string at);
    public abstract void SetStatus(string id, string status);
    /// <summary>Sets a row's completion time ('yyyy-MM-dd HH:mm:ss' UTC, or null), as a re-run that finished again would.</summary>
    public abstract void SetCompletedAt(string id, string? completedAt);
    public abstract void AddDataCleanedAtColumn();
    /// <summary>Makes any update of the row <paramref name="id"/> fail inside the database with 'refused by test'.</summary>
    public abstract void RefuseUpdatesOf(string id);
    /// <summary>Sets a stored policy's retention_seconds to <paramref name="sqlValue"/>, an SQL literal, as an admin's hand edit would.</summary>
    public abstract void SetStoredRetention(string policy, string sqlValue);

    // Looking from outside.
    public abstract IReadOnlyList<StoredRow> Rows(JobTableMapping? mapping = null);
    public StoredRow Row(string id, JobTableMapping? mapping = null) => Rows(mapping).Single(r => r.Id == id);
    public abstract IReadOnlySet<string> Columns(string table);
    public abstract bool HasIndex(string name);
    public abstract bool HasTable(string name);
    /// <summary>The schema alone (tables, columns, indexes), to show a migration is not repeated.</summary>
    public abstract string SchemaFingerprint();
    /// <summary>Everything a write could change, to show that reads change nothing.</summary>
    public abstract string Fingerprint();

    public abstract void Dispose();

    /// <summary>A stored time as the contract compares it: 'yyyy-MM-dd HH:mm:ss' UTC, or the raw text if it is not a time.</summary>
    protected static string? CleanedText(object? value) => value switch
    {
        null or DBNull => null,
        _ when Time.TimestampParser.TryParse(value, out var at) => Time.TimestampParser.ToStoreText(at),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A stored instant (a timestamp, text, or Unix seconds), or null.</summary>
    protected static DateTimeOffset? Instant(object? value) => value switch
    {
        null or DBNull => null,
        long seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
        _ when Time.TimestampParser.TryParse(value, out var at) => at,
        _ => throw new InvalidOperationException($"'{value}' is not a time the contract can read."),
    };
}
