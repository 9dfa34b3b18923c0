using System.Globalization;
using CleanupTools.Demo;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// An installation with many expired jobs (each with a results dir and an upload) plus a few running ones,
/// on the real clock because the CLI processes under test run on it.
/// </summary>
public sealed class SharedStore : IDisposable
{
    public SharedStore(int expiredJobs, int runningJobs = 5)
    {
        Tree = new TempTree();
        Base = Tree.Dir("base");
        foreach (var root in new[] { "results", "uploads", "temp" }) Directory.CreateDirectory(Path.Combine(Base, root));
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
            var jobId = running ? $"job-run-{i:00000}" : $"job-{i:00000}";
            id.Value = jobId;
            status.Value = running ? "running" : (i % 4 == 0 ? "failed" : "completed");
            completed.Value = running ? DBNull.Value : old;
            dem.Value = $"{jobId}.tif";
            insert.ExecuteNonQuery();
            var results = Directory.CreateDirectory(Path.Combine(Base, "results", jobId)).FullName;
            File.WriteAllBytes(Path.Combine(results, "out.tif"), new byte[64]);
            File.WriteAllBytes(Path.Combine(Base, "uploads", $"{jobId}.tif"), new byte[32]);
            (running ? RunningIds : ExpiredIds).Add(jobId);
        }
        transaction.Commit();
    }

    public TempTree Tree { get; }
    public string Base { get; }
    public string DbPath { get; }
    public List<string> ExpiredIds { get; } = new();
    public List<string> RunningIds { get; } = new();

    public bool HasFiles(string jobId) =>
        Directory.Exists(Path.Combine(Base, "results", jobId)) || File.Exists(Path.Combine(Base, "uploads", $"{jobId}.tif"));

    public HashSet<string> CleanedIds()
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

    public void Dispose() => Tree.Dispose();
}
