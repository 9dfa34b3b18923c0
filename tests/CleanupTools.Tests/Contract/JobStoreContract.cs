using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// What every job store must do, written once: each store's subclass runs this same body against its own
/// database (SQLite: a temporary jobs.db; PostgreSQL: a fresh schema on the throwaway test cluster). The parts
/// live in JobStoreContract.*.cs, one concept per file.
/// </summary>
public abstract partial class JobStoreContract : IDisposable
{
    // Properties, not static fields: field initializers in the partial files would run in no defined order.
    protected static DateTimeOffset Now => new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    protected JobStoreContract(StoreFixture fixture) => Fixture = fixture;

    protected StoreFixture Fixture { get; }

    public void Dispose() => Fixture.Dispose();

    protected static string Id(int i) => $"job-{i:000}";

    /// <summary>100 rows inserted in a shuffled order (so id order is the store's doing): failed when i%3==0, else running when i%5==0, else completed.</summary>
    protected void HundredRows(bool migrated = false) => Fixture.CreateJobs(
        Enumerable.Range(0, 100)
            .OrderBy(i => (i * 37) % 101)
            .Select(i => new JobRow(Id(i), i % 3 == 0 ? "failed" : i % 5 == 0 ? "running" : "completed", "2024-01-01 00:00:00", $"{Id(i)}.tif")),
        migrated);

    protected static JobCleanupRecord Cleaned(string id, string summary = "{}") => new(id, "2024-06-15 12:00:00", summary);

    protected static string[] Cleanable => new[] { "completed", "failed" };
}
