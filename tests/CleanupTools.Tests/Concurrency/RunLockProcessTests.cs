using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// Two real processes on one SQLite store: the second run stops (exit 3) naming the holder and touches
/// nothing, or waits when asked to; a holder killed mid-run never blocks the next run, which completes the store.
/// </summary>
public sealed class RunLockProcessTests
{
    [Fact]
    public void A_second_run_exits_3_naming_the_holder_and_touches_nothing()
    {
        using var store = new SharedStore(expiredJobs: 20);
        var before = TreeSnapshot.Take(store.Base);

        CliResult result;
        using (var held = SqliteJobStore.Open(store.DbPath, new JobTableMapping()))
        using (held.AcquireRunLock(RunHolder.Current(TimeProvider.System), TimeSpan.Zero, CancellationToken.None))
        {
            result = CliProcess.Run(store.Base, "run", "--base-dir", store.Base);
        }

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"pid {Environment.ProcessId}", result.Stderr);
        Assert.Contains($"host {Environment.MachineName}", result.Stderr);
        Assert.Contains("Nothing was touched", result.Stderr);
        Assert.Equal(before, TreeSnapshot.Take(store.Base));
    }

    [Fact]
    public void A_second_run_with_a_lock_timeout_waits_for_the_holder_and_then_cleans()
    {
        using var store = new SharedStore(expiredJobs: 20);
        var held = SqliteJobStore.Open(store.DbPath, new JobTableMapping());
        var runLock = held.AcquireRunLock(RunHolder.Current(TimeProvider.System), TimeSpan.Zero, CancellationToken.None);

        using var waiting = CliProcess.Start(store.Base, null, "run", "--base-dir", store.Base, "--lock-timeout", "120");
        // Let the child reach the lock and wait on it, then let go.
        while (!File.Exists(SqliteRunLock.HolderPath(store.DbPath)) || waiting.Process.TotalProcessorTime < TimeSpan.FromMilliseconds(50))
            Thread.Sleep(20);
        Thread.Sleep(300);
        Assert.False(waiting.Process.HasExited, "the second run should still be waiting for the lock");
        runLock.Dispose();
        held.Dispose();

        var result = waiting.Finish();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
    }

    [Fact]
    public void A_holder_killed_mid_run_never_blocks_and_the_next_run_completes_the_store()
    {
        using var store = new SharedStore(expiredJobs: 3000);
        var holderFile = SqliteRunLock.HolderPath(store.DbPath);

        using (var victim = CliProcess.Start(store.Base, null, "run", "--base-dir", store.Base, "--batch-size", "10", "--max-workers", "1"))
        {
            // Killed the moment it holds the lock: before, during or after its first batches, whatever the timing.
            while (!File.Exists(holderFile) && !victim.Process.HasExited) Thread.Sleep(2);
            victim.Process.Kill(entireProcessTree: true);
            victim.Process.WaitForExit();
        }

        var next = CliProcess.Run(store.Base, "run", "--base-dir", store.Base, "--json");

        Assert.Equal(0, next.ExitCode);
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
        Assert.All(store.ExpiredIds, id => Assert.False(store.HasFiles(id), id));
        Assert.All(store.RunningIds, id => Assert.True(store.HasFiles(id), id));
        Assert.False(File.Exists(holderFile));
        Assert.False(File.Exists(SqliteRunLock.LockPath(store.DbPath)));
    }
}
