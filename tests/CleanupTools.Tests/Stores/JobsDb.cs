using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Stores;

/// <summary>One row of reference 000's jobs table, as a test writes it.</summary>
public sealed record JobRow(string Id, string Status, string? CompletedAt, string? Dem = null, string Workflow = "sol", string? DataCleanedAt = null);

/// <summary>
/// Real SQLite files for the store tests: reference 000's jobs schema (un-migrated, as the application leaves it),
/// plus helpers to look at a file from outside the store (bytes, schema, side files).
/// </summary>
public static class JobsDb
{
    public const string ReferenceSchema = Demo.ReferenceSchema.JobsTable;

    /// <summary>Reference 000's schema after the tool migrated it, so cleaned rows can be written directly.</summary>
    public const string MigratedSchema = """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            workflow_type TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TIMESTAMP,
            completed_at TIMESTAMP,
            dem_filename TEXT,
            parameters TEXT,
            error_message TEXT,
            data_cleaned_at TIMESTAMP,
            cleanup_summary TEXT)
        """;

    public static string ConnectionString(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    /// <summary>Creates an un-migrated reference database with the given rows.</summary>
    public static string Create(string path, params JobRow[] rows) => Create(path, ReferenceSchema, rows);

    public static string CreateMigrated(string path, params JobRow[] rows) => Create(path, MigratedSchema, rows);

    public static string Create(string path, string schema, IEnumerable<JobRow> rows)
    {
        Execute(path, schema);
        Insert(path, rows);
        return path;
    }

    public static void Insert(string path, IEnumerable<JobRow> rows)
    {
        using var connection = Open(path);
        var hasCleaned = Columns(connection, "jobs").Contains("data_cleaned_at");
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = hasCleaned
            ? "INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename, data_cleaned_at) VALUES ($id, $wf, $status, $completed, $dem, $cleaned)"
            : "INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES ($id, $wf, $status, $completed, $dem)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var wf = insert.Parameters.Add("$wf", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var completed = insert.Parameters.Add("$completed", SqliteType.Text);
        var dem = insert.Parameters.Add("$dem", SqliteType.Text);
        var cleaned = hasCleaned ? insert.Parameters.Add("$cleaned", SqliteType.Text) : null;
        insert.Prepare();
        foreach (var row in rows)
        {
            id.Value = row.Id;
            wf.Value = row.Workflow;
            status.Value = row.Status;
            completed.Value = (object?)row.CompletedAt ?? DBNull.Value;
            dem.Value = (object?)row.Dem ?? DBNull.Value;
            if (cleaned is not null) cleaned.Value = (object?)row.DataCleanedAt ?? DBNull.Value;
            else if (row.DataCleanedAt is not null) throw new InvalidOperationException("The un-migrated schema has no data_cleaned_at column.");
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        var connection = new SqliteConnection(ConnectionString(path, mode));
        connection.Open();
        return connection;
    }

    public static void Execute(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Every row of a query, each column as text (NULL as null).</summary>
    public static List<string?[]> Rows(string path, string sql)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    public static HashSet<string> Columns(string path, string table)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        return Columns(connection, table);
    }

    /// <summary>The whole schema as SQLite keeps it: every table, index and trigger with its SQL.</summary>
    public static string Schema(string path) => string.Join("\n",
        Rows(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").Select(r => string.Join(" | ", r)));

    /// <summary>The rollback journal and WAL files SQLite leaves next to a database it was writing.</summary>
    public static string[] SideFiles(string path) =>
        new[] { "-journal", "-wal", "-shm" }.Select(suffix => path + suffix).Where(File.Exists).ToArray();

    private static HashSet<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($t)";
        command.Parameters.AddWithValue("$t", table);
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }
}
