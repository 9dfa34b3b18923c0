using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// A reference-000 installation in a real temp directory: BASE/jobs.db (un-migrated) plus results/, uploads/
/// and temp/ files for every job, around a fixed clock.
/// </summary>
public sealed class Installation : IDisposable
{
    public static readonly DateTimeOffset Now = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public Installation(bool migrated = false)
    {
        Tree = new TempTree();
        DbPath = Tree.Path("jobs.db");
        var rows = new[]
        {
            Row("job-a", "completed", 200, "a.tif"),   // eligible DeleteData
            Row("job-b", "completed", 10, "b.tif"),    // kept
            Row("job-c", "failed", 13, "c.tif"),       // eligible DeleteAll
            Row("job-d", "failed", 2, null),           // kept
            Row("job-e", "running", null, "e.tif"),    // kept
            Row("job-f", "pending", null, null),       // kept
            Row("job-g", "completed", 500, null),      // eligible DeleteData
            new JobRow("job-h", "completed", "last tuesday", "h.tif"), // unreadable
        };
        if (migrated) JobsDb.CreateMigrated(DbPath, rows);
        else JobsDb.Create(DbPath, rows);
        foreach (var row in rows)
        {
            Tree.File($"results/{row.Id}/outputs/day_001.tif", 4096);
            Tree.File($"results/{row.Id}/workflow.log", 100);
            Tree.File($"temp/{row.Id}/scratch.bin", 512);
            if (row.Dem is not null) Tree.File($"uploads/{row.Dem}", 2048);
        }
    }

    public TempTree Tree { get; }
    public string DbPath { get; }
    public static readonly string[] EligibleIds = { "job-a", "job-c", "job-g" };

    public static JobRow Row(string id, string status, double? hoursAgo, string? dem) => new(id, status,
        hoursAgo is { } h ? (Now - TimeSpan.FromHours(h)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null, dem);

    public CleanupContext Open(CleanupOptions? options = null, EnvironmentReader? environment = null, FixedClock? clock = null)
    {
        options ??= new CleanupOptions();
        options.BaseDir ??= Tree.Root;
        return CleanupContext.Open(options, environment ?? EnvironmentReader.Empty, clock ?? new FixedClock(Now), Tree.Root);
    }

    /// <summary>Every file under the installation with its length, to prove a dry run deleted nothing.</summary>
    public SortedDictionary<string, long> Files() => new(
        Directory.EnumerateFiles(Tree.Root, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => new FileInfo(f).Length),
        StringComparer.Ordinal);

    public void Dispose() => Tree.Dispose();
}
