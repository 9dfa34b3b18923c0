using CleanupTools.Configuration;
using CleanupTools.Stores.Tables;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The tool's additions to an application's database (reference 000's ALTER TABLE plus the policy table),
/// applied idempotently in one transaction and never during a dry run.
/// </summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<string> Migrate(SqliteConnection connection, JobTableMapping map, IReadOnlySet<string> columns)
    {
        var changes = new List<string>();
        // IMMEDIATE takes the write lock before the schema is looked at: two runs' first writes (two workers started
        // together) would otherwise both see a column missing, and the second ALTER TABLE would fail.
        using var transaction = connection.BeginTransaction(deferred: false);
        columns = CurrentColumns(connection, transaction, map.Table, columns);
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

        // Keyset paging walks the id column: without an index on it every page would scan the table.
        if (!IdIsIndexed(connection, transaction, map))
        {
            var idIndex = $"ix_{map.Table}_{map.IdColumn}";
            Run($"CREATE INDEX {SqliteJobStore.Q(idIndex)} ON {table} ({SqliteJobStore.Q(map.IdColumn)})", $"created index {idIndex}");
        }

        // Deletion-time checks look jobs up by upload name (a shared upload is kept while another job needs it).
        var demIndex = $"ix_{map.Table}_{map.DemFilenameColumn}";
        if (columns.Contains(map.DemFilenameColumn) && !Exists(connection, transaction, "index", demIndex) && !IsIndexed(connection, transaction, map.Table, map.DemFilenameColumn))
            Run($"CREATE INDEX {SqliteJobStore.Q(demIndex)} ON {table} ({SqliteJobStore.Q(map.DemFilenameColumn)})", $"created index {demIndex}");

        var index = $"ix_{map.Table}_{map.StatusColumn}_{map.CompletedAtColumn}";
        if (!Exists(connection, transaction, "index", index))
            Run($"CREATE INDEX {SqliteJobStore.Q(index)} ON {table} ({SqliteJobStore.Q(map.StatusColumn)}, {SqliteJobStore.Q(map.CompletedAtColumn)})", $"created index {index}");
        foreach (var (sql, description) in CleanupTablesSchema.Missing(SqliteDialect.Instance, connection, transaction)) Run(sql, description);
        transaction.Commit();
        return changes;
    }

    /// <summary>An INTEGER PRIMARY KEY (the rowid itself) or any index whose first column is the id.</summary>
    private static bool IdIsIndexed(SqliteConnection connection, SqliteTransaction transaction, JobTableMapping map)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $id COLLATE NOCASE AND pk = 1 AND upper(type) = 'INTEGER'
                AND (SELECT COUNT(*) FROM pragma_table_info($table) WHERE pk > 0) = 1
            UNION ALL
            SELECT COUNT(*) FROM pragma_index_list($table) AS l, pragma_index_info(l.name) AS i WHERE i.seqno = 0 AND i.name = $id COLLATE NOCASE
            """;
        command.Parameters.AddWithValue("$table", map.Table);
        command.Parameters.AddWithValue("$id", map.IdColumn);
        using var reader = command.ExecuteReader();
        var found = 0L;
        while (reader.Read()) found += reader.GetInt64(0);
        return found > 0;
    }

    /// <summary>The columns as they are under the write lock (another run may have migrated since they were read).</summary>
    private static IReadOnlySet<string> CurrentColumns(SqliteConnection connection, SqliteTransaction transaction, string table, IReadOnlySet<string> before)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var reader = command.ExecuteReader();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns.Count > 0 ? columns : before;
    }

    private static bool IsIndexed(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM pragma_index_list($table) AS l, pragma_index_info(l.name) AS i WHERE i.seqno = 0 AND i.name = $column COLLATE NOCASE";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
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
