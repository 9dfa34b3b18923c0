using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Backups;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Support;
using Xunit.Abstractions;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// The crash test: real CLI runs, plain and quarantining, are killed with SIGKILL at a random moment while they
/// record, over several trials. After one more run every expired job is either untouched (all its files
/// there, its row unmarked) or cleaned and marked, never in between; and after a quarantine, restoring every job
/// by its id gives back every file it had, byte for byte. The seed is printed in every failure and can be fixed
/// with CLEANUPTOOLS_CRASH_SEED to replay one.
/// </summary>
public sealed class KilledRunCrashTests(ITestOutputHelper output)
{
    private const int Trials = 8;
    private const int RunningJobs = 3;
    /// <summary>Once the count of recorded jobs it aims at is seen (<see cref="Shape.MaxKillAfterRecorded"/>), the kill waits 0 to this many milliseconds more, to land anywhere in a batch.</summary>
    private const int MaxExtraDelayMs = 10;

    [Fact]
    public void Plain_runs_killed_at_random_moments_leave_every_job_untouched_or_cleaned_and_marked_after_one_more_run() =>
        RunTrials(quarantine: false, output);

    [Fact]
    public void Quarantine_runs_killed_at_random_moments_lose_nothing_and_every_job_restores_whole() =>
        RunTrials(quarantine: true, output);

    /// <summary>
    /// Enough jobs in small enough batches for a kill to have a run to land in: a plain run deletes and records dozens
    /// of jobs in a few milliseconds (40 of them finished before any kill 0 to 400 ms after the first record landed),
    /// and a quarantining one of 40 jobs in batches of 4 still finished before about half the kills.
    /// </summary>
    private readonly record struct Shape(int ExpiredJobs, int BatchSize)
    {
        public static Shape For(bool quarantine) => quarantine ? new Shape(60, 2) : new Shape(160, 2);

        /// <summary>
        /// The kill is aimed at a random count of recorded jobs, up to this many, rather than at a random time: how long a
        /// run takes depends on the machine's load, how far it got does not. A kill aimed late can still land after the
        /// last record; the last quarter of the run is left as margin.
        /// </summary>
        public int MaxKillAfterRecorded => ExpiredJobs * 3 / 4;
    }

    private static void RunTrials(bool quarantine, ITestOutputHelper output)
    {
        var shape = Shape.For(quarantine);
        var seed = Environment.GetEnvironmentVariable("CLEANUPTOOLS_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var killedMidRun = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var afterRecorded = 1 + random.Next(shape.MaxKillAfterRecorded);
            var delay = random.Next(MaxExtraDelayMs);
            var context = $"seed {seed} (CLEANUPTOOLS_CRASH_SEED={seed} replays it), trial {trial}, kill {delay} ms after {afterRecorded} jobs are recorded, {(quarantine ? "--quarantine" : "plain run")}";
            if (Trial(quarantine, shape, afterRecorded, delay, context, output)) killedMidRun++;
        }
        // Every trial checks its invariants either way; this only guards against a test that never lands a kill mid-run.
        output.WriteLine($"seed {seed}: {killedMidRun} of {Trials} kills landed before the run had recorded its last job");
        Assert.True(killedMidRun > 0, $"seed {seed}: no kill landed before its run had recorded its last job");
    }

    /// <summary>One kill and one more run; true when the kill landed before the run had recorded its last job.</summary>
    private static bool Trial(bool quarantine, Shape shape, int afterRecorded, int delayMs, string context, ITestOutputHelper output)
    {
        using var store = new SqliteSharedStore(shape.ExpiredJobs, RunningJobs);
        var before = WriteDistinctContent(store);
        string[] mode = quarantine ? ["--quarantine"] : [];

        bool running;
        using (var watch = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DbPath};Mode=ReadOnly;Pooling=False"))
        using (var victim = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--batch-size", shape.BatchSize.ToString(CultureInfo.InvariantCulture), "--max-workers", "1", .. mode]))
        {
            // One connection kept open for the whole watch: opening one per look took longer than a whole plain run.
            watch.Open();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (RecordedCount(watch) < afterRecorded && !victim.Process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(1);
            Thread.Sleep(delayMs);
            running = !victim.Process.HasExited;
            victim.Process.Kill(entireProcessTree: true); // SIGKILL: no handler runs, nothing is flushed
            victim.Process.WaitForExit();
        }

        // Even right after the kill, nothing is marked cleaned that still has its files.
        var marked = store.CleanedIds();
        var killedMidRun = running && marked.Count < shape.ExpiredJobs;
        output.WriteLine($"{context}: {(running ? "killed" : "already finished")} with {marked.Count} of {shape.ExpiredJobs} jobs recorded");
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

    /// <summary>How many jobs the run has recorded as cleaned so far (before its first record the store may not have the column).</summary>
    private static int RecordedCount(Microsoft.Data.Sqlite.SqliteConnection watch)
    {
        try
        {
            using var command = watch.CreateCommand();
            command.CommandText = "SELECT count(*) FROM jobs WHERE data_cleaned_at IS NOT NULL";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (System.Data.Common.DbException)
        {
            return 0;
        }
    }
}
