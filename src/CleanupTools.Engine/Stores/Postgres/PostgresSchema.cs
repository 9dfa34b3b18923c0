using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CleanupTools.Configuration;
using CleanupTools.Stores.Tables;
using Npgsql;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// The tool's additions to an application's PostgreSQL table (the cleanup and claim columns, the
/// (status, completed_at) index) and the policy table beside it: applied in one transaction, only what is
/// missing, and never during a dry run. Concurrent first writes are serialised by a transaction-level
/// advisory lock, so each change is made, and reported, by exactly one run.
/// </summary>
internal static class PostgresSchema
{
    public static IReadOnlyList<string> Migrate(NpgsqlConnection connection, PostgresTable table, JobTableMapping map)
    {
        // Looked at first without a transaction: an already migrated store (the usual case) costs no lock at all.
        if (Missing(connection, table.Reload(connection), map, null).Count == 0) return Array.Empty<string>();

        using var transaction = connection.BeginTransaction();
        using (var serialise = new NpgsqlCommand("SELECT pg_catalog.pg_advisory_xact_lock(@key)", connection, transaction))
        {
            serialise.Parameters.AddWithValue("key", Key("migrate", table));
            serialise.ExecuteNonQuery();
        }
        var changes = new List<string>();
        foreach (var (sql, description) in Missing(connection, table.Reload(connection, transaction), map, transaction))
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            command.ExecuteNonQuery();
            changes.Add(description);
        }
        transaction.Commit();
        return changes;
    }

    private static List<(string Sql, string Description)> Missing(NpgsqlConnection connection, PostgresTable table, JobTableMapping map, NpgsqlTransaction? transaction)
    {
        var steps = new List<(string, string)>();
        foreach (var (column, type) in new[]
                 {
                     (map.DataCleanedAtColumn, "timestamptz"),
                     (map.CleanupSummaryColumn, "text"),
                     (map.ClaimedByColumn, "text"),
                     (map.ClaimedUntilColumn, "timestamptz"),
                 })
        {
            if (!table.Has(column))
                steps.Add(($"ALTER TABLE {table.Sql} ADD COLUMN IF NOT EXISTS {PostgresTable.Q(column)} {type}", $"added column {map.Table}.{column}"));
        }

        // Keyset paging walks the id column: without an index on it every page would scan the table.
        var id = table.Column(map.IdColumn)!;
        var idIndex = Truncated($"ix_{map.Table}_{map.IdColumn}");
        if (!table.RelationExists(connection, idIndex, transaction) && !table.HasIndexLeadingWith(connection, id, transaction))
            steps.Add(($"CREATE INDEX IF NOT EXISTS {PostgresTable.Q(idIndex)} ON {table.Sql} ({PostgresTable.Q(id.Name)})", $"created index {idIndex}"));

        // Deletion-time checks look jobs up by upload name (a shared upload is kept while another job needs it).
        if (table.Column(map.DemFilenameColumn) is { } dem)
        {
            var demIndex = Truncated($"ix_{map.Table}_{map.DemFilenameColumn}");
            if (!table.RelationExists(connection, demIndex, transaction) && !table.HasIndexLeadingWith(connection, dem, transaction))
                steps.Add(($"CREATE INDEX IF NOT EXISTS {PostgresTable.Q(demIndex)} ON {table.Sql} ({PostgresTable.Q(dem.Name)})", $"created index {demIndex}"));
        }

        var index = IndexName(map);
        var status = table.Column(map.StatusColumn)!;
        var completed = table.Column(map.CompletedAtColumn)!;
        if (!table.RelationExists(connection, index, transaction) && !table.HasIndexOn(connection, status, completed, transaction))
            steps.Add(($"CREATE INDEX IF NOT EXISTS {PostgresTable.Q(index)} ON {table.Sql} ({PostgresTable.Q(status.Name)}, {PostgresTable.Q(completed.Name)})", $"created index {index}"));

        steps.AddRange(CleanupTablesSchema.Missing(new PostgresDialect(() => table), connection, transaction));
        return steps;
    }

    /// <summary>The SQLite store's index name, cut to PostgreSQL's 63-byte identifier limit as the server would cut it.</summary>
    public static string IndexName(JobTableMapping map) => Truncated($"ix_{map.Table}_{map.StatusColumn}_{map.CompletedAtColumn}");

    // Identifiers are plain ASCII (the mapping is validated), so 63 characters are 63 bytes.
    private static string Truncated(string name) => name.Length <= 63 ? name : name[..63];

    /// <summary>
    /// A stable 64-bit advisory lock key for one purpose on one table. Advisory locks are per database already;
    /// the schema-qualified table name keeps two applications (or two schemas) in one database apart.
    /// </summary>
    public static long Key(string purpose, PostgresTable table)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"cleanuptools:{purpose}:{table.Schema}.{table.Name}"));
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }
}
