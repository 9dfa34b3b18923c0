using System.Diagnostics;
using System.Globalization;
using CleanupTools.Demo;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CleanupTools.Bench;

/// <summary>Where the streaming benchmark's job tables live: a SQLite file per table, or a PostgreSQL schema per table.</summary>
public abstract class StreamingStore : IDisposable
{
    public abstract string Kind { get; }

    /// <summary>Where the tables go, with nothing secret in it.</summary>
    public abstract string Description { get; }

    /// <summary>Variables the tool needs (PGPASSWORD: the password stays out of the process list).</summary>
    public virtual IReadOnlyDictionary<string, string> ToolEnvironment => new Dictionary<string, string>();

    /// <summary>A new jobs table named <paramref name="name"/> holding <paramref name="rows"/>, with an empty BASE (results/, uploads/, temp/).</summary>
    public abstract StoreTable Create(string name, StreamingRows rows);

    public virtual void Dispose()
    {
    }

    /// <summary>An empty BASE/results, BASE/uploads, BASE/temp (but for a shared upload): no job's cleanup deletes a file.</summary>
    protected static void MakeBase(string directory, StreamingRows rows)
    {
        foreach (var leaf in new[] { "results", "uploads", "temp" }) Directory.CreateDirectory(Path.Combine(directory, leaf));
        // The one file every row names, there to be guarded: the kept running and pending rows hold it, so every batch
        // of a real run has to find out that it still may not go.
        if (rows.SharedUpload) File.WriteAllText(Path.Combine(directory, "uploads", StreamingRows.SharedUploadName), "dem");
    }
}

/// <summary>One generated jobs table.</summary>
public abstract class StoreTable : IDisposable
{
    /// <summary>BASE for --base-dir (with the SQLite store, also where jobs.db is).</summary>
    public required string BaseDir { get; init; }

    /// <summary>Arguments that point the tool at this table besides --base-dir.</summary>
    public abstract IReadOnlyList<string> StoreArguments { get; }

    /// <summary>On-disk size of the table, for the log.</summary>
    public abstract long Bytes { get; }

    /// <summary>An identical table, for a real run that changes it.</summary>
    public abstract StoreTable Copy(string name);

    /// <summary>Every id whose data_cleaned_at is set.</summary>
    public abstract void ForEachCleanedId(Action<string> onId);

    public abstract void Dispose();
}

public sealed class SqliteStreamingStore(string work) : StreamingStore
{
    public override string Kind => "sqlite";
    public override string Description => $"SQLite files under {work}";

    public override StoreTable Create(string name, StreamingRows rows)
    {
        var directory = Path.Combine(work, $"sqlite-{name}");
        Shell.DeleteTree(directory);
        MakeBase(directory, rows);
        var path = Path.Combine(directory, "jobs.db");
        using (var table = ReferenceJobsWriter.Create(path, bulk: true))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows.Row(i);
                table.Add(new ReferenceJob(row.Id, row.WorkflowType, row.Status, ReferenceJobsWriter.StoreText(row.CreatedAt),
                    row.CompletedAt is { } c ? ReferenceJobsWriter.StoreText(c) : null, row.DemFilename, row.Parameters, row.ErrorMessage));
            }
            table.Commit();
        }
        return new Table(path) { BaseDir = directory };
    }

    private sealed class Table(string path) : StoreTable
    {
        public override IReadOnlyList<string> StoreArguments => Array.Empty<string>();
        public override long Bytes => new FileInfo(path).Length;

        public override StoreTable Copy(string name)
        {
            var directory = Path.Combine(Path.GetDirectoryName(BaseDir)!, $"sqlite-{name}");
            Shell.DeleteTree(directory);
            Shell.Exec("cp", "-a", BaseDir, directory);
            return new Table(Path.Combine(directory, "jobs.db")) { BaseDir = directory };
        }

        public override void ForEachCleanedId(Action<string> onId)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL";
            using var reader = command.ExecuteReader();
            while (reader.Read()) onId(reader.GetString(0));
        }

        public override void Dispose() => Shell.DeleteTree(BaseDir);
    }
}

/// <summary>
/// Tables in a fresh database on the server CLEANUPTOOLS_TEST_PG names (dropped at the end), one schema per
/// table; the tool finds its table through `Search Path` in its connection string. Without the privilege to create
/// a database, fresh schemas in the given database are used (and dropped) instead. Rows are loaded with binary
/// COPY, then VACUUM ANALYZE'd, as an application's long-lived table would be.
/// </summary>
public sealed class PostgresStreamingStore : StreamingStore
{
    private readonly NpgsqlConnectionStringBuilder _given;
    private readonly string? _password;
    private readonly string _database;
    private readonly bool _createdDatabase;
    private readonly string _schemaPrefix;
    private readonly string _work;

    public PostgresStreamingStore(string connectionString, string work)
    {
        _work = work;
        _given = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        _password = _given.Password;
        var tag = $"{Environment.ProcessId}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        using var admin = Open(_given.Database);
        try
        {
            Execute(admin, $"CREATE DATABASE \"cleanuptools_bench_{tag}\"");
            _database = $"cleanuptools_bench_{tag}";
            _createdDatabase = true;
            _schemaPrefix = "bench_";
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            _database = _given.Database ?? throw new BenchmarkFailure("CLEANUPTOOLS_TEST_PG names no Database");
            _schemaPrefix = $"cleanuptools_bench_{tag}_";
        }
    }

    public override string Kind => "postgres";

    public override string Description =>
        $"PostgreSQL {_given.Username}@{_given.Host}:{_given.Port}/{_database} ({(_createdDatabase ? "a database created for this run" : "fresh schemas")}), {ServerVersion()}";

    public override IReadOnlyDictionary<string, string> ToolEnvironment =>
        _password is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["PGPASSWORD"] = _password };

    public override StoreTable Create(string name, StreamingRows rows)
    {
        var schema = _schemaPrefix + name.Replace('-', '_');
        using (var connection = Open(_database))
        {
            Execute(connection, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\"");
            Execute(connection, ReferenceSchema.JobsTable);
            using (var import = connection.BeginBinaryImport(
                       "COPY jobs (id, workflow_type, status, created_at, completed_at, dem_filename, parameters, error_message) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var row = rows.Row(i);
                    import.StartRow();
                    import.Write(row.Id, NpgsqlDbType.Text);
                    import.Write(row.WorkflowType, NpgsqlDbType.Text);
                    import.Write(row.Status, NpgsqlDbType.Text);
                    // TIMESTAMP is timestamp without time zone: UTC wall-clock time, as the SQLite file holds it.
                    import.Write(Wall(row.CreatedAt), NpgsqlDbType.Timestamp);
                    if (row.CompletedAt is { } completed) import.Write(Wall(completed), NpgsqlDbType.Timestamp); else import.WriteNull();
                    if (row.DemFilename is { } dem) import.Write(dem, NpgsqlDbType.Text); else import.WriteNull();
                    import.Write(row.Parameters, NpgsqlDbType.Text);
                    if (row.ErrorMessage is { } error) import.Write(error, NpgsqlDbType.Text); else import.WriteNull();
                }
                import.Complete();
            }
            Execute(connection, "VACUUM (ANALYZE) jobs");
        }
        return NewTable(schema, name, rows);
    }

    private Table NewTable(string schema, string name, StreamingRows rows)
    {
        var directory = Path.Combine(_work, $"postgres-{name}");
        Shell.DeleteTree(directory);
        MakeBase(directory, rows);
        var tool = new NpgsqlConnectionStringBuilder(_given.ConnectionString) { Password = null, Database = _database, SearchPath = schema };
        tool.Remove("Pooling");
        return new Table(this, schema, tool.ConnectionString, rows) { BaseDir = directory };
    }

    public override void Dispose()
    {
        if (!_createdDatabase) return;
        using var admin = Open(_given.Database);
        Execute(admin, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private NpgsqlConnection Open(string? database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_given.ConnectionString) { Database = database, CommandTimeout = 0 }.ConnectionString);
        connection.Open();
        return connection;
    }

    private string ServerVersion()
    {
        using var connection = Open(_database);
        return $"server {connection.PostgreSqlVersion}";
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static DateTime Wall(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

    private sealed class Table(PostgresStreamingStore store, string schema, string toolConnectionString, StreamingRows rows) : StoreTable
    {
        public override IReadOnlyList<string> StoreArguments => new[] { "--connection-string", toolConnectionString };

        public override long Bytes
        {
            get
            {
                using var connection = store.Open(store._database);
                using var command = new NpgsqlCommand($"SELECT pg_total_relation_size('\"{schema}\".jobs')", connection);
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
        }

        public override StoreTable Copy(string name)
        {
            var target = store._schemaPrefix + name.Replace('-', '_');
            using (var connection = store.Open(store._database))
            {
                Execute(connection, $"""
                    DROP SCHEMA IF EXISTS "{target}" CASCADE; CREATE SCHEMA "{target}";
                    CREATE TABLE "{target}".jobs (LIKE "{schema}".jobs INCLUDING ALL);
                    INSERT INTO "{target}".jobs SELECT * FROM "{schema}".jobs ORDER BY ctid
                    """);
                Execute(connection, $"VACUUM (ANALYZE) \"{target}\".jobs");
            }
            return store.NewTable(target, name, rows);
        }

        public override void ForEachCleanedId(Action<string> onId)
        {
            using var connection = store.Open(store._database);
            using var command = new NpgsqlCommand($"SELECT id FROM \"{schema}\".jobs WHERE data_cleaned_at IS NOT NULL", connection);
            using var reader = command.ExecuteReader();
            while (reader.Read()) onId(reader.GetString(0));
        }

        public override void Dispose()
        {
            using (var connection = store.Open(store._database)) Execute(connection, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            Shell.DeleteTree(BaseDir);
        }
    }
}
