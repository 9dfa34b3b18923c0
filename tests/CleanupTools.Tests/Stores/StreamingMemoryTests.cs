using CleanupTools.Demo;
using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// Memory is measured process-wide, so this collection runs alone, after every parallel collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement (runs alone)";
}

/// <summary>Streaming 100,000 rows holds one page at a time, not the table.</summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class StreamingMemoryTests : IDisposable
{
    private const int RowCount = 100_000;
    private const int BatchSize = 100;
    private readonly TempTree _tree = new();
    private readonly ITestOutputHelper _output;

    public StreamingMemoryTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _tree.Dispose();

    private string CreateLargeDatabase()
    {
        var path = _tree.Path("jobs.db");
        using var table = ReferenceJobsWriter.Create(path);
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < RowCount; i++)
        {
            table.Add(new ReferenceJob(
                $"job-{i:000000}",
                (i % 3) switch { 0 => "sol", 1 => "eemt", _ => "eemt_full" },
                (i % 4) switch { 0 => "failed", 1 => "running", _ => "completed" },
                ReferenceJobsWriter.StoreText(start.AddMinutes(i)),
                start.AddMinutes(i + 30).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
                $"job-{i:000000}_dem.tif",
                "{\"step\": 1, \"linke_value\": 3.0, \"num_threads\": 4}"));
        }
        table.Commit();
        return path;
    }

    [Fact]
    public void Streaming_100k_rows_in_batches_of_100_keeps_memory_far_below_holding_them()
    {
        var path = CreateLargeDatabase();
        using var store = SqliteJobStore.Open(path, new JobTableMapping());
        var query = new JobQuery();
        Assert.Equal(RowCount, store.CountJobs(query));

        // Warm up the code paths once so JIT and driver caches are in the baseline, not in the peak.
        Assert.Equal(BatchSize, store.StreamJobs(query, BatchSize).Take(BatchSize).Count());
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        var peak = 0L;
        var samples = 0;
        var count = 0;
        string? previous = null;
        foreach (var job in store.StreamJobs(query, BatchSize))
        {
            if (previous is not null && string.CompareOrdinal(previous, job.Id) >= 0)
                Assert.Fail($"{job.Id} came after {previous}");
            previous = job.Id;
            if (++count % 10_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                samples++;
            }
        }
        Assert.Equal(RowCount, count);
        Assert.Equal(10, samples);

        // The comparison: what holding every JobRecord of the same table costs, measured the same way.
        var all = store.StreamJobs(query, BatchSize).ToList();
        var holding = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Assert.Equal(RowCount, all.Count);
        GC.KeepAlive(all);

        _output.WriteLine($"baseline {baseline:N0} B; streaming peak above it {peak:N0} B; holding all rows {holding:N0} B");
        Assert.True(holding > RowCount * 100L, $"holding {RowCount} records measured only {holding} bytes; the comparison would be meaningless");
        Assert.True(peak < holding / 4, $"streaming peak {peak} bytes is not below a quarter of holding all rows ({holding} bytes)");
    }
}
