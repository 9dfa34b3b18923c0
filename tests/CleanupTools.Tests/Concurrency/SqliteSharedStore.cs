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
        using var table = ReferenceJobsWriter.Create(DbPath);
        var old = ReferenceJobsWriter.StoreText(DateTime.UtcNow.AddDays(-30));
        for (var i = 0; i < expiredJobs + runningJobs; i++)
        {
            var running = i >= expiredJobs;
            table.Add(new ReferenceJob(JobId(i, running), "sol", Status(i, running), null, running ? null : old, $"{JobId(i, running)}.tif"));
        }
        table.Commit();
    }

    public string DbPath { get; }

    public override string[] StoreArgs => new[] { "--base-dir", Base };

    public override IJobStore OpenStore() => SqliteJobStore.Open(DbPath, Mapping);

    public override bool HeldBy(int pid) =>
        File.Exists(SqliteRunLock.HolderPath(DbPath)) && ReadHolder().Contains($"pid {pid},", StringComparison.Ordinal);

    public override string Fingerprint() => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(DbPath)));

    /// <summary>
    /// The marked rows as the next opener sees them. Read-write, because a writer killed mid-transaction leaves a hot
    /// journal that only a read-write connection may roll back (a read-only one fails with "attempt to write a
    /// readonly database"); without one the open writes nothing.
    /// </summary>
    public override HashSet<string> CleanedIds()
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadWrite;Pooling=False");
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
