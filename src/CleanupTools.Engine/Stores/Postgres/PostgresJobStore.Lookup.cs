using CleanupTools.Configuration;
using CleanupTools.Stores.Tables;
using Npgsql;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// The store opened for lookups (tab completion): one read-only session that gives up within seconds, and no
/// write, migration or run lock ever.
/// </summary>
public sealed partial class PostgresJobStore
{
    /// <summary>Seconds a lookup waits to connect and per statement: tab completion blocks the prompt meanwhile.</summary>
    private const int LookupTimeoutSeconds = 3;

    private readonly bool _lookupOnly;

    /// <summary>Opens the store for lookups only: every write and the run lock are refused.</summary>
    public static PostgresJobStore OpenForLookup(PostgresConnectionInfo info, JobTableMapping map) => Open(info, map, lookupOnly: true);

    public IReadOnlyList<string> FindJobIds(string prefix, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var ids = new List<string>();
        if (limit == 0) return ids;
        var id = Q(Id.Name);
        // Backwards along the id column's own order (its index), stopping at the limit. The text form is aliased: an
        // output column named like the id column would capture ORDER BY and sort integer ids as text.
        using var command = new NpgsqlCommand(
            $"SELECT {id}::text AS job_id FROM {_table.Sql} WHERE {id} IS NOT NULL AND {id}::text ILIKE @prefix ESCAPE '\\' ORDER BY {id} DESC LIMIT @limit",
            _reader);
        command.Parameters.AddWithValue("prefix", SqlDialect.LikePrefix(prefix));
        command.Parameters.AddWithValue("limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>The reading session: the server refuses its writes; a lookup's also gives up quickly on a dead server.</summary>
    private static NpgsqlConnectionStringBuilder ReaderBuilder(PostgresConnectionInfo info, bool lookupOnly)
    {
        var builder = info.NewBuilder(readOnly: true);
        if (lookupOnly)
        {
            builder.Timeout = LookupTimeoutSeconds;
            builder.CommandTimeout = LookupTimeoutSeconds;
        }
        return builder;
    }

    private void RefuseInLookup(string what)
    {
        if (_lookupOnly) throw new InvalidOperationException($"{Description} was opened for lookups only; it may not {what}.");
    }
}
