using CleanupTools.Configuration;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The tool's additions to an application's database (reference 000's ALTER TABLE plus the policy table),
/// applied idempotently in one transaction and never during a dry run.
/// </summary>
internal static class SqliteSchema
{
    public const string PoliciesTable = "cleanup_policies";

    public static IReadOnlyList<string> Migrate(SqliteConnection connection, JobTableMapping map, IReadOnlySet<string> columns)
    {
        var changes = new List<string>();
        using var transaction = connection.BeginTransaction();
        void Run(string sql, string description)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
            changes.Add(description);
        }

        var table = SqliteJobStore.Q(map.Table);
        if (!columns.Contains(map.DataCleanedAtColumn))
            Run($"ALTER TABLE {table} ADD COLUMN {SqliteJobStore.Q(map.DataCleanedAtColumn)} TIMESTAMP", $"added column {map.Table}.{map.DataCleanedAtColumn}");
        if (!columns.Contains(map.CleanupSummaryColumn))
            Run($"ALTER TABLE {table} ADD COLUMN {SqliteJobStore.Q(map.CleanupSummaryColumn)} TEXT", $"added column {map.Table}.{map.CleanupSummaryColumn}");
        // Claims let several workers split one store's jobs; unused (NULL) in an exclusive run.
        if (!columns.Contains(map.ClaimedByColumn))
            Run($"ALTER TABLE {table} ADD COLUMN {SqliteJobStore.Q(map.ClaimedByColumn)} TEXT", $"added column {map.Table}.{map.ClaimedByColumn}");
        if (!columns.Contains(map.ClaimedUntilColumn))
            Run($"ALTER TABLE {table} ADD COLUMN {SqliteJobStore.Q(map.ClaimedUntilColumn)} TEXT", $"added column {map.Table}.{map.ClaimedUntilColumn}");

        var index = $"ix_{map.Table}_{map.StatusColumn}_{map.CompletedAtColumn}";
        if (!Exists(connection, transaction, "index", index))
            Run($"CREATE INDEX {SqliteJobStore.Q(index)} ON {table} ({SqliteJobStore.Q(map.StatusColumn)}, {SqliteJobStore.Q(map.CompletedAtColumn)})", $"created index {index}");
        if (!Exists(connection, transaction, "table", PoliciesTable))
            Run($"""
                CREATE TABLE {PoliciesTable} (
                    name TEXT PRIMARY KEY,
                    retention_seconds INTEGER NOT NULL CHECK (retention_seconds > 0),
                    enabled INTEGER NOT NULL DEFAULT 1,
                    description TEXT,
                    updated_at TEXT NOT NULL,
                    updated_by TEXT)
                """, $"created table {PoliciesTable}");
        transaction.Commit();
        return changes;
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction transaction, string type, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = $type AND name = $name";
        command.Parameters.AddWithValue("$type", type);
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! > 0;
    }
}
