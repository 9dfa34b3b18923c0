using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Backups;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// The crash test: real CLI runs, plain and quarantining, are killed with SIGKILL at a random moment after they
/// start recording, over several trials. After one more run every expired job is either untouched (all its files
/// there, its row unmarked) or cleaned and marked, never in between; and after a quarantine, restoring every job
/// by its id gives back every file it had, byte for byte. The seed is printed in every failure and can be fixed
/// with CLEANUPTOOLS_CRASH_SEED to replay one.
/// </summary>
public sealed class KilledRunCrashTests
{
    private const int Trials = 8;
    private const int ExpiredJobs = 40;
    private const int RunningJobs = 3;
    /// <summary>The kill lands 0 to this many milliseconds after the first job is recorded: from mid-batch to after the run.</summary>
    private const int MaxDelayMs = 400;

    [Fact]
    public void Plain_runs_killed_at_random_moments_leave_every_job_untouched_or_cleaned_and_marked_after_one_more_run() =>
        RunTrials(quarantine: false);

    [Fact]
    public void Quarantine_runs_killed_at_random_moments_lose_nothing_and_every_job_restores_whole() =>
        RunTrials(quarantine: true);

    private static void RunTrials(bool quarantine)
    {
        var seed = Environment.GetEnvironmentVariable("CLEANUPTOOLS_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var killedMidRun = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var delay = random.Next(MaxDelayMs);
            var context = $"seed {seed} (CLEANUPTOOLS_CRASH_SEED={seed} replays it), trial {trial}, kill {delay} ms after the first record, {(quarantine ? "--quarantine" : "plain run")}";
            if (Trial(quarantine, delay, context)) killedMidRun++;
        }
        // Every trial checks its invariants either way; this only guards against a test that never lands a kill mid-run.
        Assert.True(killedMidRun > 0, $"seed {seed}: no kill landed before its run finished");
    }

    /// <summary>One kill and one more run; true when the kill landed before the run had finished.</summary>
    private static bool Trial(bool quarantine, int delayMs, string context)
    {
        using var store = new SqliteSharedStore(ExpiredJobs, RunningJobs);
        var before = WriteDistinctContent(store);
        string[] mode = quarantine ? ["--quarantine"] : [];

        bool killedMidRun;
        using (var victim = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--batch-size", "4", "--max-workers", "1", .. mode]))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!AnyCleaned(store) && !victim.Process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Thread.Sleep(delayMs);
            killedMidRun = !victim.Process.HasExited;
            victim.Process.Kill(entireProcessTree: true); // SIGKILL: no handler runs, nothing is flushed
            victim.Process.WaitForExit();
        }

        // Even right after the kill, nothing is marked cleaned that still has its files.
        var marked = CleanedIdsAfterKill(store);
        Assert.All(marked, id => Assert.False(store.HasFiles(id), $"{context}: job {id} is marked cleaned but its files are still there"));

        var next = CliProcess.Run(store.Base, null, ["run", "--allow-mass-deletion", "--json", .. store.StoreArgs, .. mode]);
        Assert.True(next.ExitCode == 0, $"{context}: the next run failed\n{next}");

        marked = store.CleanedIds();
        foreach (var id in store.ExpiredIds)
        {
            var results = Directory.Exists(Path.Combine(store.Base, "results", id));
            var upload = File.Exists(Path.Combine(store.Base, "uploads", $"{id}.tif"));
            var untouched = results && upload && !marked.Contains(id);
            var cleaned = !results && !upload && marked.Contains(id);
            Assert.True(untouched || cleaned, $"{context}: job {id} is between states (results {results}, upload {upload}, marked {marked.Contains(id)})");
        }
        // The next run completes the store: every expired job is cleaned, every running one untouched.
        Assert.Equal(store.ExpiredIds.ToHashSet(), marked);
        Assert.All(store.RunningIds, id => Assert.Equal(before[id], Snapshot(store, id)));

        if (quarantine) RestoreEveryJob(store, before, context);
        return killedMidRun;
    }

    /// <summary>Restores each expired job by its id, as `restore --job` does, and compares its files with the snapshot taken before the first run.</summary>
    private static void RestoreEveryJob(SqliteSharedStore store, Dictionary<string, SortedDictionary<string, string>> before, string context)
    {
        using var cleanup = CleanupContext.Open(new CleanupOptions { BaseDir = store.Base }, new EnvironmentReader(new Dictionary<string, string?>()), TimeProvider.System, store.Base);
        foreach (var id in store.ExpiredIds)
        {
            var host = new RecordingHost();
            BackupService.Restore(cleanup, runId: null, jobId: id, path: null, force: false, host);
            Assert.True(host.Errors.Count == 0, $"{context}: restoring job {id}: {string.Join("; ", host.Errors.Select(e => e.Message))}");
            Assert.True(before[id].SequenceEqual(Snapshot(store, id)), $"{context}: job {id} did not come back whole from its backups");
        }
        Assert.Empty(store.CleanedIds()); // every restored job lost its cleaned mark
    }

    /// <summary>Gives each job its own bytes (the shared installation writes zeros), so a mix-up between jobs would show.</summary>
    private static Dictionary<string, SortedDictionary<string, string>> WriteDistinctContent(SqliteSharedStore store)
    {
        var snapshots = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        var seed = 0;
        foreach (var id in store.ExpiredIds.Concat(store.RunningIds))
        {
            var results = Path.Combine(store.Base, "results", id);
            BackupFixture.Write(Path.Combine(results, "out.tif"), 300, ++seed);
            BackupFixture.Write(Path.Combine(results, "logs", "run.log"), 50, ++seed);
            BackupFixture.Write(Path.Combine(store.Base, "uploads", $"{id}.tif"), 200, ++seed);
            snapshots[id] = Snapshot(store, id);
        }
        return snapshots;
    }

    private static SortedDictionary<string, string> Snapshot(SqliteSharedStore store, string id)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, value) in ExactSnapshot.Take(Path.Combine(store.Base, "results", id))) snapshot[$"results/{path}"] = value;
        snapshot["upload"] = ExactSnapshot.Take(Path.Combine(store.Base, "uploads", $"{id}.tif"))["."];
        return snapshot;
    }

    /// <summary>
    /// The marked rows as the next opener sees them: a writer killed mid-transaction leaves a hot journal that only a
    /// read-write connection may roll back (a read-only one fails with "attempt to write a readonly database").
    /// </summary>
    private static HashSet<string> CleanedIdsAfterKill(SqliteSharedStore store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DbPath};Mode=ReadWrite;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Whether the run has recorded a job yet (before its first record the store may not have the column).</summary>
    private static bool AnyCleaned(SqliteSharedStore store)
    {
        try
        {
            return store.CleanedIds().Count > 0;
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }
}
