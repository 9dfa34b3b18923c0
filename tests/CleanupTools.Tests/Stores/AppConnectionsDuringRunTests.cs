using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// The application keeps using its database while a run cleans it: a write transaction open when the run wants to
/// write, short writes all through the run, a WAL reader holding a snapshot. The run waits its turn, loses none of
/// the application's writes and records every job it cleaned (regression: these held; keep them holding).
/// </summary>
public sealed class AppConnectionsDuringRunTests
{
    [Fact]
    public void A_write_transaction_open_when_the_run_starts_is_waited_for_and_both_writes_survive()
    {
        using var install = new JobInstallation();
        var jobs = Enumerable.Range(1, 12).Select(i => install.AddJob($"job-{i:00}", "completed", 400, seed: i)).ToArray();
        using var app = install.Connect();
        var transaction = app.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, held
        using (var insert = app.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO jobs (id, workflow_type, status, created_at) VALUES ('app-new', 'eemt', 'pending', '2025-06-15 11:00:00')";
            insert.ExecuteNonQuery();
        }
        // Let go while the run waits on its busy timeout for the write lock (how long is not what is tested).
        var release = new Thread(() =>
        {
            Thread.Sleep(1500);
            transaction.Commit();
        });
        release.Start();

        var host = new RecordingHost();
        var summary = install.Run(host, options: new CleanupOptions { AllowMassDeletion = true });
        release.Join();

        Assert.Empty(host.Errors);
        Assert.Equal(jobs.Length, summary.SuccessfulJobsProcessed);
        Assert.All(jobs, job => Assert.NotNull(install.CleanedAt(job.Id)));
        Assert.All(jobs, job => Assert.False(install.AnyPresent(job), job.Id));
        Assert.Equal("pending", install.Scalar("SELECT status FROM jobs WHERE id = 'app-new'"));
    }

    [Fact]
    public void Short_application_writes_all_through_the_run_are_kept_and_every_job_is_recorded()
    {
        using var install = new JobInstallation();
        var jobs = Enumerable.Range(1, 60).Select(i => install.AddJob($"job-{i:00}", "completed", 400, seed: i)).ToArray();
        using var stop = new CancellationTokenSource();
        var written = 0;
        var appErrors = new List<string>();
        var writer = new Thread(() =>
        {
            using var app = install.Connect();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var command = app.CreateCommand();
                    command.CommandText = "INSERT INTO jobs (id, workflow_type, status, created_at) VALUES ($id, 'eemt', 'running', '2025-06-15 11:59:00')";
                    command.Parameters.AddWithValue("$id", $"app-{Volatile.Read(ref written):00000}");
                    command.ExecuteNonQuery();
                    Interlocked.Increment(ref written);
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    appErrors.Add(e.Message);
                    return;
                }
            }
        });
        writer.Start();
        while (Volatile.Read(ref written) == 0 && writer.IsAlive) Thread.Yield();

        var host = new RecordingHost();
        CleanupRunSummary summary;
        try
        {
            summary = install.Run(host, options: new CleanupOptions { AllowMassDeletion = true, BatchSize = 5 });
        }
        finally
        {
            stop.Cancel();
            writer.Join();
        }

        Assert.Empty(appErrors);
        Assert.Empty(host.Errors);
        Assert.Equal(jobs.Length, summary.SuccessfulJobsProcessed);
        Assert.All(jobs, job => Assert.NotNull(install.CleanedAt(job.Id)));
        Assert.Equal((long)written, Convert.ToInt64(install.Scalar("SELECT COUNT(*) FROM jobs WHERE id LIKE 'app-%' AND status = 'running'"), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(install.Scalar("SELECT COUNT(*) FROM jobs WHERE id LIKE 'app-%' AND data_cleaned_at IS NOT NULL"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_WAL_reader_holding_a_snapshot_through_the_run_does_not_stop_the_records()
    {
        using var install = new JobInstallation();
        install.Execute("PRAGMA journal_mode=WAL");
        var jobs = Enumerable.Range(1, 10).Select(i => install.AddJob($"job-{i:00}", "completed", 400, seed: i)).ToArray();
        using var reader = install.Connect();
        using var snapshot = reader.BeginTransaction(deferred: true);
        using (var read = reader.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT COUNT(*) FROM jobs";
            Assert.Equal((long)jobs.Length, Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture)); // the snapshot starts here
        }

        var host = new RecordingHost();
        var summary = install.Run(host, options: new CleanupOptions { AllowMassDeletion = true });

        Assert.Empty(host.Errors);
        Assert.Equal(jobs.Length, summary.SuccessfulJobsProcessed);
        Assert.All(jobs, job => Assert.NotNull(install.CleanedAt(job.Id)));
        // The reader still sees the database as it was when its snapshot began: the run neither waited for it nor broke it.
        using (var read = reader.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = 'data_cleaned_at'";
            Assert.Equal(0L, Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture));
        }
        Assert.Equal("wal", install.Scalar("PRAGMA journal_mode"));
    }
}
