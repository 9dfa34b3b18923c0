using System.Globalization;
using CleanupTools.Stores.Sqlite;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Demo;

/// <summary>One row of reference 000's jobs table, its times already text the way the application (or a test) writes them.</summary>
public sealed record ReferenceJob(
    string Id,
    string WorkflowType,
    string Status,
    string? CreatedAt,
    string? CompletedAt,
    string? DemFilename,
    string? Parameters = null,
    string? ErrorMessage = null);

/// <summary>
/// Creates reference 000's jobs table in a new SQLite file and fills it in one transaction through one prepared
/// insert: the demo store, the benchmarks' generated stores and the tests' shared stores are all written by it.
/// </summary>
public sealed class ReferenceJobsWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _values;

    private ReferenceJobsWriter(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = _transaction;
            create.CommandText = ReferenceSchema.JobsTable;
            create.ExecuteNonQuery();
        }
        _insert = connection.CreateCommand();
        _insert.Transaction = _transaction;
        _insert.CommandText = "INSERT INTO jobs VALUES ($id, $workflow, $status, $created, $completed, $dem, $parameters, $error)";
        _values = new[] { "$id", "$workflow", "$status", "$created", "$completed", "$dem", "$parameters", "$error" }
            .Select(name => _insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        _insert.Prepare();
    }

    /// <param name="bulk">
    /// For generated tables of a million rows: no journal, no fsync and a large cache while writing. The finished
    /// file is still an ordinary rollback-journal database, as an application leaves it.
    /// </param>
    public static ReferenceJobsWriter Create(string dbPath, bool bulk = false)
    {
        var connection = new SqliteConnection(SqliteJobStore.ConnectionString(dbPath, SqliteOpenMode.ReadWriteCreate));
        try
        {
            connection.Open();
            if (bulk)
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;";
                pragma.ExecuteNonQuery();
            }
            return new ReferenceJobsWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>SQLite's datetime('now') text, as reference 000's application writes its times.</summary>
    public static string StoreText(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public void Add(ReferenceJob job)
    {
        object?[] values = { job.Id, job.WorkflowType, job.Status, job.CreatedAt, job.CompletedAt, job.DemFilename, job.Parameters, job.ErrorMessage };
        for (var i = 0; i < values.Length; i++) _values[i].Value = values[i] ?? DBNull.Value;
        _insert.ExecuteNonQuery();
    }

    public void Commit() => _transaction.Commit();

    public void Dispose()
    {
        _insert.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
    }
}
