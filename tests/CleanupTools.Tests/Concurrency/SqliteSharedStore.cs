using System.Globalization;
using CleanupTools.Demo;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Concurrency;

/// <summary>The shared installation on SQLite: BASE/jobs.db beside the roots.</summary>
public sealed class SqliteSharedStore : SharedStore
{
    public SqliteSharedStore(int expiredJobs, int runningJobs = 5) : base(expiredJobs, runningJobs)
    {
        DbPath = Path.Combine(Base, "jobs.db");
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = ReferenceSchema.JobsTable;
            create.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES ($id, 'sol', $status, $completed, $dem)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var completed = insert.Parameters.Add("$completed", SqliteType.Text);
        var dem = insert.Parameters.Add("$dem", SqliteType.Text);
        var old = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        for (var i = 0; i < expiredJobs + runningJobs; i++)
        {
            var running = i >= expiredJobs;
            id.Value = JobId(i, running);
            status.Value = Status(i, running);
            completed.Value = running ? DBNull.Value : old;
            dem.Value = $"{JobId(i, running)}.tif";
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public string DbPath { get; }

    public override string[] StoreArgs => new[] { "--base-dir", Base };

    public override IJobStore OpenStore() => SqliteJobStore.Open(DbPath, Mapping);

    public override bool HeldBy(int pid) =>
        File.Exists(SqliteRunLock.HolderPath(DbPath)) && ReadHolder().Contains($"pid {pid},", StringComparison.Ordinal);

    public override string Fingerprint() => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(DbPath)));

    public override HashSet<string> CleanedIds()
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private string ReadHolder()
    {
        try
        {
            return File.ReadAllText(SqliteRunLock.HolderPath(DbPath));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
