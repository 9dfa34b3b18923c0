using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Stores;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Contract;

/// <summary>The contract's SQLite side: a jobs.db in a fresh temporary directory.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    private readonly TempTree _tree = new();

    public string DbPath => _tree.Path("jobs.db");

    public override void CreateJobs(IEnumerable<JobRow> rows, bool migrated = false)
    {
        if (migrated) JobsDb.CreateMigrated(DbPath, rows.ToArray());
        else JobsDb.Create(DbPath, rows.ToArray());
    }

    public override void CreateJobsWithoutIdRules(IEnumerable<JobRow> rows, int nullIds)
    {
        JobsDb.Execute(DbPath, JobsDb.ReferenceSchema.Replace("id TEXT PRIMARY KEY", "id TEXT", StringComparison.Ordinal));
        foreach (var row in rows)
            Execute("INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES ($id, 'sol', $status, $at, NULL)", ("$id", row.Id), ("$status", row.Status), ("$at", row.CompletedAt!));
        for (var i = 0; i < nullIds; i++)
            Execute("INSERT INTO jobs (id, workflow_type, status, completed_at) VALUES (NULL, 'sol', 'completed', '2024-01-01 00:00:00')");
    }

    public override void CreateRuns(IEnumerable<int> ids)
    {
        JobsDb.Execute(DbPath, "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, state TEXT, finished_at TEXT)");
        using var connection = JobsDb.Open(DbPath);
        using var transaction = connection.BeginTransaction();
        foreach (var id in ids)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO runs VALUES ($id, 'done', '2024-01-01')";
            insert.Parameters.AddWithValue("$id", id);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public override IJobStore Open(JobTableMapping? mapping = null) => SqliteJobStore.Open(DbPath, mapping ?? new JobTableMapping());

    public override IJobStore OpenForLookup(JobTableMapping? mapping = null) => SqliteJobStore.OpenForLookup(DbPath, mapping ?? new JobTableMapping());

    public override void MarkCleaned(IEnumerable<string> ids, string at)
    {
        foreach (var id in ids) Execute("UPDATE jobs SET data_cleaned_at = $at WHERE id = $id", ("$at", at), ("$id", id));
    }

    public override void SetStatus(string id, string status) => Execute("UPDATE jobs SET status = $status WHERE id = $id", ("$status", status), ("$id", id));

    public override void SetCompletedAt(string id, string? completedAt) =>
        Execute("UPDATE jobs SET completed_at = $at WHERE id = $id", ("$at", (object?)completedAt ?? DBNull.Value), ("$id", id));

    public override void AddDataCleanedAtColumn() => JobsDb.Execute(DbPath, "ALTER TABLE jobs ADD COLUMN data_cleaned_at TIMESTAMP");

    public override void RefuseUpdatesOf(string id) =>
        Execute($"CREATE TRIGGER refuse_update BEFORE UPDATE ON jobs WHEN NEW.id = '{id.Replace("'", "''")}' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");

    public override void SetStoredRetention(string policy, string sqlValue) =>
        Execute($"UPDATE cleanup_policies SET retention_seconds = {sqlValue} WHERE name = $name", ("$name", policy));

    public override IReadOnlyList<StoredRow> Rows(JobTableMapping? mapping = null)
    {
        var map = mapping ?? new JobTableMapping();
        var columns = Columns(map.Table);
        string Optional(string column) => columns.Contains(column) ? $"\"{column}\"" : "NULL";
        using var connection = JobsDb.Open(DbPath, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"{map.IdColumn}\", \"{map.StatusColumn}\", {Optional(map.DataCleanedAtColumn)}, {Optional(map.CleanupSummaryColumn)}, " +
                              $"{Optional(map.ClaimedByColumn)}, {Optional(map.ClaimedUntilColumn)} FROM \"{map.Table}\" ORDER BY \"{map.IdColumn}\"";
        using var reader = command.ExecuteReader();
        var rows = new List<StoredRow>();
        while (reader.Read())
        {
            rows.Add(new StoredRow(
                Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!,
                reader.GetString(1),
                CleanedText(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Instant(reader.GetValue(5))));
        }
        return rows;
    }

    public override IReadOnlySet<string> Columns(string table) => JobsDb.Columns(DbPath, table);

    public override bool HasIndex(string name) =>
        (long)JobsDb.Scalar(DbPath, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{name}'")! > 0;

    public override bool HasTable(string name) =>
        (long)JobsDb.Scalar(DbPath, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'")! > 0;

    public override string SchemaFingerprint() => JobsDb.Schema(DbPath);

    /// <summary>The file's bytes and any journal beside it: a read must leave both exactly as they were.</summary>
    public override string Fingerprint() =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(DbPath))) + " " + string.Join(",", JobsDb.SideFiles(DbPath).Select(Path.GetFileName));

    public override void Dispose() => _tree.Dispose();

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = JobsDb.Open(DbPath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
