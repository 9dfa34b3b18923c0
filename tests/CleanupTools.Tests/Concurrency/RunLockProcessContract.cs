using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Contract;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// Two real processes on one store: the second run exits 3 naming the holder and touching nothing, or waits when
/// asked to; a holder killed mid-run never blocks the next run, which completes the store. Runs on both stores.
/// </summary>
public abstract class RunLockProcessContract
{
    protected abstract SharedStore Create(int expiredJobs);

    [ContractFact]
    public void A_second_run_exits_3_naming_the_holder_and_touches_nothing()
    {
        using var store = Create(20);
        var before = TreeSnapshot.Take(store.Base);
        var storeBefore = store.Fingerprint();

        CliResult result;
        using (store.HoldRunLock(out var held))
        using (held)
        {
            result = CliProcess.Run(store.Base, null, ["run", "--allow-mass-deletion", "--json", .. store.StoreArgs]);
        }

        Assert.True(result.ExitCode == 3, result.ToString());
        // The report is one valid document even so, saying why nothing was done.
        Assert.False(result.Json().GetProperty("completed").GetBoolean());
        Assert.Contains($"pid {Environment.ProcessId}", result.Json().GetProperty("error").GetString());
        Assert.Contains($"pid {Environment.ProcessId}", result.Stderr);
        Assert.Contains($"host {Environment.MachineName}", result.Stderr);
        Assert.Contains("Nothing was touched", result.Stderr);
        Assert.Equal(before, TreeSnapshot.Take(store.Base));
        Assert.Equal(storeBefore, store.Fingerprint()); // not even migrated
    }

    [ContractFact]
    public void A_second_run_with_a_lock_timeout_waits_for_the_holder_and_then_cleans()
    {
        using var store = Create(20);
        var runLock = store.HoldRunLock(out var held);

        using var waiting = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--lock-timeout", "120"]);
        // Give the child time to start and find the lock taken; it must still be waiting then.
        while (!waiting.Process.HasExited && waiting.Process.TotalProcessorTime < TimeSpan.FromMilliseconds(200)) Thread.Sleep(20);
        Thread.Sleep(500);
        if (waiting.Process.HasExited) Assert.Fail($"the second run should still be waiting for the lock; it ended: {waiting.Finish()}");
        runLock.Dispose();
        held.Dispose();

        var result = waiting.Finish();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
    }

    [ContractFact]
    public void A_holder_killed_mid_run_never_blocks_and_the_next_run_completes_the_store()
    {
        using var store = Create(3000);

        using (var victim = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--batch-size", "10", "--max-workers", "1"]))
        {
            // Killed the moment it holds the lock: before, during or after its first batches, whatever the timing.
            while (!store.HeldBy(victim.Process.Id) && !victim.Process.HasExited) Thread.Sleep(2);
            victim.Process.Kill(entireProcessTree: true);
            victim.Process.WaitForExit();
        }

        var next = CliProcess.Run(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--json", "--lock-timeout", "30"]);

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
        Assert.All(store.ExpiredIds, id => Assert.False(store.HasFiles(id), id));
        Assert.All(store.RunningIds, id => Assert.True(store.HasFiles(id), id));
    }

    /// <summary>
    /// What systemctl stop, docker stop, kill and timeout send (SIGTERM), a closed terminal (SIGHUP) and Ctrl+C (SIGINT)
    /// end a run the same clean way: the jobs it reported are cleaned and marked, every other job is untouched, the
    /// lock is released, the JSON report is one valid document that says it did not complete, and the exit code is 1.
    /// </summary>
    [ContractFact]
    public void SIGTERM_ends_the_run_cleanly_with_everything_recorded() => SignalEndsTheRunCleanly("TERM");

    [ContractFact]
    public void SIGHUP_ends_the_run_cleanly_with_everything_recorded() => SignalEndsTheRunCleanly("HUP");

    [ContractFact]
    public void SIGINT_ends_the_run_cleanly_with_everything_recorded() => SignalEndsTheRunCleanly("INT");

    /// <summary>Whether the run has recorded a job yet (before its first record the store may not have the column).</summary>
    private static bool AnyCleaned(SharedStore store)
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

    private void SignalEndsTheRunCleanly(string signal)
    {
        // Twice the jobs of the kill test: with batches overlapped, 3,000 jobs could end before a loaded machine's poll saw
        // the first record and sent the signal.
        using var store = Create(6000);

        CliResult result;
        using (var victim = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--json", "--batch-size", "10", "--max-workers", "1"]))
        {
            // Some batches in, so the signal lands mid-run: the first job recorded, however fast the store.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!AnyCleaned(store) && !victim.Process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            // An exited run's pid is free for reuse (pid_max is 32768 in containers, and the suite starts many
            // processes): signalling it could stop another test's process, so that case fails here instead.
            if (victim.Process.HasExited) Assert.Fail($"the run ended before it could be signalled: {victim.Finish()}");
            using (var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", victim.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            result = victim.Finish();
        }

        Assert.True(result.ExitCode == 1, result.ToString());
        var report = result.Json();
        Assert.False(report.GetProperty("completed").GetBoolean());
        Assert.Equal("stopped by a signal", report.GetProperty("error").GetString());
        var reported = report.GetProperty("job_details").EnumerateArray()
            .Where(j => j.GetProperty("outcome").GetString() == "Deleted").Select(j => j.GetProperty("job_id").GetString()!).ToHashSet();
        Assert.NotEmpty(reported);
        Assert.True(reported.Count < store.ExpiredIds.Count, "the signal came after the run had finished");
        // The store says exactly what was deleted: the reported jobs, cleaned and marked; the others untouched.
        Assert.Equal(reported, store.CleanedIds());
        Assert.All(reported, id => Assert.False(store.HasFiles(id), id));
        Assert.All(store.ExpiredIds.Where(id => !reported.Contains(id)), id => Assert.True(store.HasFiles(id), id));
        Assert.All(store.RunningIds, id => Assert.True(store.HasFiles(id), id));

        // The lock went with the process: the next run takes it at once and completes the store.
        var next = CliProcess.Run(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--json"]);
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.True(next.Json().GetProperty("completed").GetBoolean());
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
    }
}

public sealed class SqliteRunLockProcessTests : RunLockProcessContract
{
    protected override SharedStore Create(int expiredJobs) => new SqliteSharedStore(expiredJobs);
}

[RequiresPostgres]
public sealed class PostgresRunLockProcessTests : RunLockProcessContract
{
    protected override SharedStore Create(int expiredJobs) => new PostgresSharedStore(expiredJobs);
}
