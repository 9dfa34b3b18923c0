using System.Diagnostics;
using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>The run lock: one exclusive run at a time, the holder named to whoever is refused, released with Dispose.</summary>
public abstract partial class JobStoreContract
{
    private static RunHolder FirstHolder => new("contract-host-1", 4242, Now, "alice");
    private static RunHolder SecondHolder => new("contract-host-2", 5353, Now, "bob");

    private void LockRows() => Fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });

    [ContractFact]
    public void A_second_acquire_from_another_connection_fails_naming_the_holders_host_and_pid()
    {
        LockRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();
        using var held = first.AcquireRunLock(FirstHolder, TimeSpan.Zero, CancellationToken.None);

        var error = Assert.Throws<StoreBusyException>(() => second.AcquireRunLock(SecondHolder, TimeSpan.Zero, CancellationToken.None));

        Assert.NotNull(error.Holder);
        Assert.Contains("host contract-host-1", error.Holder);
        Assert.Contains("pid 4242", error.Holder);
        Assert.Contains("contract-host-1", error.Message);
        Assert.Contains("4242", error.Message);
    }

    [ContractFact]
    public void The_lock_is_released_on_dispose()
    {
        LockRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();

        first.AcquireRunLock(FirstHolder, TimeSpan.Zero, CancellationToken.None).Dispose();
        using var taken = second.AcquireRunLock(SecondHolder, TimeSpan.Zero, CancellationToken.None);

        // And now the first store is the one refused, told who holds it.
        var error = Assert.Throws<StoreBusyException>(() => first.AcquireRunLock(FirstHolder, TimeSpan.Zero, CancellationToken.None));
        Assert.Contains("contract-host-2", error.Holder);
    }

    [ContractFact]
    public void A_waiting_acquire_gets_the_lock_once_the_holder_lets_go()
    {
        LockRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();
        var held = first.AcquireRunLock(FirstHolder, TimeSpan.Zero, CancellationToken.None);
        var released = 0;
        var releaser = Task.Run(async () =>
        {
            await Task.Delay(300);
            Volatile.Write(ref released, 1);
            held.Dispose();
        });

        using var taken = second.AcquireRunLock(SecondHolder, TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(1, Volatile.Read(ref released));
        releaser.GetAwaiter().GetResult();
    }

    [ContractFact]
    public void A_cancelled_wait_stops_waiting()
    {
        LockRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();
        using var held = first.AcquireRunLock(FirstHolder, TimeSpan.Zero, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => second.AcquireRunLock(SecondHolder, TimeSpan.FromMinutes(5), cancel.Token));
        // Far below the five-minute wait: only the cancellation can have ended it (a hang guard, not a timing claim).
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1));
    }

    [ContractFact]
    public void Taking_the_lock_writes_nothing_to_the_job_table()
    {
        LockRows();
        var rows = Fixture.Rows();
        var columns = Fixture.Columns("jobs");

        using (var store = Fixture.Open())
        using (store.AcquireRunLock(FirstHolder, TimeSpan.Zero, CancellationToken.None))
            Assert.Empty(store.Migrations);

        Assert.Equal(rows, Fixture.Rows());
        Assert.Equal(columns.Order(StringComparer.Ordinal), Fixture.Columns("jobs").Order(StringComparer.Ordinal));
    }
}
