using CleanupTools.Demo;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Bench;

/// <summary>One generated job: what the tool must delete (or keep) and what is on disk for it.</summary>
public sealed record JobSpec(string Id, string Status, bool Eligible, string DemFilename, int ResultFiles, int TempFiles, long Bytes)
{
    /// <summary>The job's three data paths, relative to BASE, exactly as the tool plans them (JobPlan.For).</summary>
    public IEnumerable<string> RelativePaths()
    {
        yield return $"results/{Id}";
        yield return $"uploads/{DemFilename}";
        yield return $"temp/{Id}";
    }

    public int Files => ResultFiles + 1 + TempFiles;

    /// <summary>results/&lt;id&gt;, results/&lt;id&gt;/outputs, results/&lt;id&gt;/logs, temp/&lt;id&gt;.</summary>
    public const int Directories = 4;
}

/// <summary>What a generated store holds; the benchmark's ground truth for timing and verification.</summary>
public sealed class StoreLayout
{
    public required IReadOnlyList<JobSpec> Jobs { get; init; }
    public IEnumerable<JobSpec> Eligible => Jobs.Where(j => j.Eligible);
    public IEnumerable<JobSpec> Kept => Jobs.Where(j => !j.Eligible);
    public int EligibleFiles => Eligible.Sum(j => j.Files);
    public int EligibleDirectories => Eligible.Count() * JobSpec.Directories;
    public long EligibleBytes => Eligible.Sum(j => j.Bytes);
    public int TotalFiles => Jobs.Sum(j => j.Files);
    public IReadOnlyList<string> EligiblePaths => Eligible.SelectMany(j => j.RelativePaths()).ToList();
}

/// <summary>
/// Writes an installation in the layout the tool expects (BASE/jobs.db, results/&lt;id&gt;/, uploads/&lt;dem&gt;,
/// temp/&lt;id&gt;/). Every job is past its retention except one in <see cref="KeepEvery"/> (one in four in stores
/// under 400 jobs), which is running, pending, or completed/failed well inside its retention, in turn, so the
/// tool has to skip it.
/// </summary>
public static class StoreGenerator
{
    public const int KeepEvery = 100;
    public const int MinFilesPerJob = 8;
    private static readonly string[] KeptStatuses = { "running", "pending", "completed", "failed" };
    private static readonly string[] Workflows = { "sol", "eemt", "sol", "eemt_full" };
    private static readonly byte[] Noise = MakeNoise();

    /// <summary>
    /// Per job (F = <paramref name="filesPerJob"/>): results/&lt;id&gt;/ with workflow.log, metadata.json, logs/ (2 files)
    /// and outputs/ (F - 7 rasters of 2-8 KiB); uploads/&lt;id&gt;_dem.tif (16 KiB); temp/&lt;id&gt;/ with 2 files.
    /// </summary>
    public static StoreLayout Generate(string root, int jobCount, int filesPerJob, DateTime nowUtc)
    {
        if (filesPerJob < MinFilesPerJob) throw new ArgumentOutOfRangeException(nameof(filesPerJob), $"at least {MinFilesPerJob} files per job");
        foreach (var leaf in new[] { "results", "uploads", "temp" }) Directory.CreateDirectory(Path.Combine(root, leaf));
        var jobs = new List<JobSpec>(jobCount);
        var keepEvery = Math.Clamp(jobCount / KeptStatuses.Length, 2, KeepEvery);

        // The application's own schema (DemoStoreBuilder's), left un-migrated as an application leaves it.
        using var table = ReferenceJobsWriter.Create(Path.Combine(root, "jobs.db"));

        for (var i = 0; i < jobCount; i++)
        {
            var kept = i % keepEvery == 1;
            string status;
            double ageHours;
            if (kept)
            {
                status = KeptStatuses[i / keepEvery % KeptStatuses.Length];
                // Well inside retention (168 h completed, 12 h failed) even if the benchmark runs for an hour.
                ageHours = status == "failed" ? 2 : 24;
            }
            else
            {
                status = i % 3 == 0 ? "failed" : "completed";
                ageHours = status == "failed" ? 13 + i % 2000 : 170 + i % 3000;
            }
            var completed = nowUtc.AddHours(-ageHours);
            var id = $"job-{i:D7}-{(uint)(i * 2654435761u):x8}";
            var dem = $"{id}_dem.tif";
            table.Add(new ReferenceJob(id, Workflows[i % Workflows.Length], status, ReferenceJobsWriter.StoreText(completed.AddMinutes(-37 - i % 600)),
                status is "running" or "pending" ? null : ReferenceJobsWriter.StoreText(completed), dem,
                $"{{\"step\": {1 + i % 3}, \"linke_value\": 3.0, \"num_threads\": {2 << (i % 3)}}}",
                status == "failed" ? "r.sun: out of memory" : null));
            jobs.Add(WriteFiles(root, id, dem, status, i, filesPerJob, !kept));
        }
        table.Commit();
        return new StoreLayout { Jobs = jobs };
    }

    private static JobSpec WriteFiles(string root, string id, string dem, string status, int index, int filesPerJob, bool eligible)
    {
        long bytes = 0;
        void Write(string path, int length, int seed)
        {
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
            RandomAccess.Write(handle, Noise.AsSpan(seed % (Noise.Length - length), length), 0);
            bytes += length;
        }

        var results = Path.Combine(root, "results", id);
        var outputs = Path.Combine(results, "outputs");
        var logs = Path.Combine(results, "logs");
        Directory.CreateDirectory(outputs);
        Directory.CreateDirectory(logs);
        var rasters = filesPerJob - 7;
        for (var day = 1; day <= rasters; day++)
            Write(Path.Combine(outputs, $"total_sun_day_{day:000}.tif"), 2048 + (index * 37 + day * 101) % 6144, index + day);
        Write(Path.Combine(logs, "task_000.log"), 300 + index % 200, index);
        Write(Path.Combine(logs, "task_001.log"), 300 + index % 150, index + 1);
        Write(Path.Combine(results, "workflow.log"), 500 + index % 300, index + 2);
        Write(Path.Combine(results, "metadata.json"), 200, index + 3);
        Write(Path.Combine(root, "uploads", dem), 16384, index);
        var temp = Path.Combine(root, "temp", id);
        Directory.CreateDirectory(temp);
        Write(Path.Combine(temp, "scratch.bin"), 4096, index + 4);
        Write(Path.Combine(temp, "progress.txt"), 64, index + 5);
        return new JobSpec(id, status, eligible, dem, rasters + 4, 2, bytes);
    }

    private static byte[] MakeNoise()
    {
        var bytes = new byte[1 << 17];
        new Random(20240607).NextBytes(bytes);
        return bytes;
    }
}
