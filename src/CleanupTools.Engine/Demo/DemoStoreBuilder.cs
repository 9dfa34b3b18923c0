using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Stores.Sqlite;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Demo;

/// <summary>
/// Writes a realistic EEMT-style installation (reference 000's layout: jobs.db, results/, uploads/, temp/)
/// with jobs of every status and age around the retention boundaries, so a preview and a run show real
/// decisions. The store is left un-migrated, as an application's own database would be.
/// </summary>
public static class DemoStoreBuilder
{
    public const string MarkerFile = ".cleanuptools-demo";

    private static readonly (string Status, double AgeHours, string? Format)[] Jobs =
    {
        ("completed", 1, null), ("completed", 30, null), ("completed", 100, "iso"), ("completed", 150, null),
        ("completed", 167.9, null), ("completed", 168.5, "iso"), ("completed", 200, null), ("completed", 240, "iso-fraction"),
        ("completed", 400, null), ("completed", 720, "iso-offset"), ("completed", 1500, null), ("completed", 3000, null),
        ("failed", 2, null), ("failed", 6, "iso"), ("failed", 11.5, null), ("failed", 12.5, null),
        ("failed", 30, "iso"), ("failed", 96, null), ("failed", 500, null), ("failed", 1000, "iso-fraction"),
        ("running", 0.5, null), ("running", 500, null), ("pending", 0, null), ("pending", 800, null),
        ("completed", double.NaN, "null"), ("completed", double.NaN, "garbage"), ("cancelled", 400, null),
        ("completed", 50, null), ("completed", 336, null), ("failed", 48, null), ("completed", 180, "iso"),
        ("failed", 13, "iso"), ("running", 3, null), ("pending", 1, null), ("completed", 2000, "iso"), ("failed", 2500, null),
    };

    private static readonly string[] Workflows = { "sol", "eemt", "sol", "eemt_full" };

    /// <summary>Creates the demo under <paramref name="directory"/>, replacing an earlier demo but nothing else.</summary>
    public static int Create(string directory, TimeProvider clock)
    {
        var root = Path.GetFullPath(directory);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(Path.Combine(root, MarkerFile)))
                throw new ConfigurationException($"'{root}' exists and is not an earlier demo; choose an empty or new directory.");
            foreach (var entry in new[] { "jobs.db", "jobs.db-journal", "results", "uploads", "temp", MarkerFile })
            {
                var path = Path.Combine(root, entry);
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
        }
        Directory.CreateDirectory(root);
        foreach (var leaf in new[] { "results", "uploads", "temp" }) Directory.CreateDirectory(Path.Combine(root, leaf));
        File.WriteAllText(Path.Combine(root, MarkerFile), "Created by 'cleanuptools demo'; safe to delete.\n");

        var now = clock.GetUtcNow();
        using var jobs = ReferenceJobsWriter.Create(Path.Combine(root, "jobs.db"));
        var i = 0;
        foreach (var (status, ageHours, format) in Jobs)
        {
            var completed = double.IsNaN(ageHours) ? now.AddHours(-100) : now.AddHours(-ageHours);
            var created = completed.AddMinutes(-37 - i);
            var id = $"job-{created.UtcDateTime:yyyyMMdd-HHmmss}";
            var dem = $"{id}_dem.tif";
            jobs.Add(new ReferenceJob(id, Workflows[i % Workflows.Length], status, ReferenceJobsWriter.StoreText(created.UtcDateTime),
                status is "running" or "pending" ? null : Completed(completed, format), dem,
                $"{{\"step\": {1 + i % 3}, \"linke_value\": 3.0, \"num_threads\": {2 << (i % 3)}}}",
                status == "failed" ? "r.sun: out of memory" : null));
            WriteFiles(root, id, dem, status, i);
            i++;
        }
        jobs.Commit();
        return Jobs.Length;
    }

    private static string? Completed(DateTimeOffset at, string? format) => format switch
    {
        "null" => null,
        "garbage" => "last tuesday",
        "iso" => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        "iso-fraction" => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        "iso-offset" => at.ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        _ => ReferenceJobsWriter.StoreText(at.UtcDateTime),
    };

    private static void WriteFiles(string root, string id, string dem, string status, int index)
    {
        var results = Directory.CreateDirectory(Path.Combine(root, "results", id));
        var outputs = Directory.CreateDirectory(Path.Combine(results.FullName, "outputs"));
        for (var day = 1; day <= 3 + index % 4; day++)
            File.WriteAllBytes(Path.Combine(outputs.FullName, $"total_sun_day_{day:000}.tif"), Filler(4096 * (1 + index % 5), day));
        File.WriteAllText(Path.Combine(results.FullName, "workflow.log"), $"{status}: job {id}\n");
        File.WriteAllText(Path.Combine(results.FullName, "metadata.json"), $"{{\"job\": \"{id}\"}}\n");
        File.WriteAllBytes(Path.Combine(root, "uploads", dem), Filler(16384, index));
        if (status is "running" or "pending" || index % 3 == 0)
        {
            var temp = Directory.CreateDirectory(Path.Combine(root, "temp", id));
            File.WriteAllBytes(Path.Combine(temp.FullName, "scratch.bin"), Filler(2048, index));
        }
    }

    private static byte[] Filler(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
