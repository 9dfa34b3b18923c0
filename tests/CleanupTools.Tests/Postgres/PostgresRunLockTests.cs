using CleanupTools.Stores;
using CleanupTools.Tests.Contract;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Postgres;

/// <summary>The advisory run lock as the server sees it: visible, per table, and gone with its session.</summary>
public sealed class PostgresRunLockTests
{
    private static readonly RunHolder Holder = new("lock-host", 31337, new DateTimeOffset(2024, 6, 15, 12, 0, 0, TimeSpan.Zero), "carol");

    private static PostgresStoreFixture Fixture()
    {
        var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });
        return fixture;
    }

    [PostgresFact]
    public void A_holder_whose_session_dies_leaves_the_lock_free_for_the_next_run()
    {
        using var fixture = Fixture();
        using var first = fixture.Open();
        using var second = fixture.Open();
        var held = first.AcquireRunLock(Holder, TimeSpan.Zero, CancellationToken.None);
        var holderPid = fixture.Schema.Scalar("SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'host lock-host, pid 31337%'");
        Assert.NotNull(holderPid);

        // As if the runner were killed: the server ends its session.
        Assert.Equal(true, fixture.Schema.Scalar("SELECT pg_terminate_backend(@pid)", ("pid", holderPid)));
        using var taken = second.AcquireRunLock(new RunHolder("next-host", 1, DateTimeOffset.UtcNow, "dave"), TimeSpan.FromSeconds(30), CancellationToken.None);

        held.Dispose(); // disposing a lock whose session is gone is harmless
        Assert.Throws<StoreBusyException>(() => first.AcquireRunLock(Holder, TimeSpan.Zero, CancellationToken.None));
    }

    [PostgresFact]
    public void Locks_on_tables_in_different_schemas_are_independent()
    {
        using var one = Fixture();
        using var two = Fixture();
        using var storeOne = one.Open();
        using var storeTwo = two.Open();

        using var first = storeOne.AcquireRunLock(Holder, TimeSpan.Zero, CancellationToken.None);
        using var second = storeTwo.AcquireRunLock(Holder, TimeSpan.Zero, CancellationToken.None);

        Assert.NotSame(first, second);
    }

    [PostgresFact]
    public void The_lock_session_shows_the_holder_in_pg_stat_activity_and_ends_with_dispose()
    {
        using var fixture = Fixture();
        using var store = fixture.Open();
        const string query = "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'host lock-host, pid 31337%'";

        var held = store.AcquireRunLock(Holder, TimeSpan.Zero, CancellationToken.None);
        // 66 characters do not fit the server's 63 bytes: whole fields are dropped from the end, never cut mid-way.
        Assert.Equal("host lock-host, pid 31337, user carol", fixture.Schema.Scalar(query));
        held.Dispose();

        Assert.Null(fixture.Schema.Scalar(query));
    }
}
