using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Bench;

/// <summary>
/// Checks after every timed run that exactly the eligible paths went: all of them are gone, every kept job's
/// files are all still there, and the storage roots survive. For the tool it also checks its JSON report and the
/// records it wrote; across the two copies it checks that both ended with the same tree.
/// </summary>
public static class Verifier
{
    private static readonly string[] DatabaseFiles = { "jobs.db", "jobs.db-journal", "jobs.db-wal", "jobs.db-shm" };

    public static void CheckDisk(string root, StoreLayout layout, string who)
    {
        foreach (var leaf in new[] { "results", "uploads", "temp" })
        {
            if (!Directory.Exists(Path.Combine(root, leaf))) Fail(who, $"the storage root {leaf}/ itself is gone");
        }
        var left = layout.EligiblePaths.Where(p => Path.Exists(Path.Combine(root, p))).Take(5).ToList();
        if (left.Count > 0) Fail(who, $"eligible paths still exist, e.g. {string.Join(", ", left)}");
        foreach (var job in layout.Kept)
        {
            var results = Path.Combine(root, "results", job.Id);
            var temp = Path.Combine(root, "temp", job.Id);
            var upload = Path.Combine(root, "uploads", job.DemFilename);
            if (!File.Exists(upload)) Fail(who, $"kept {job.Status} job {job.Id} lost uploads/{job.DemFilename}");
            if (CountFiles(results) != job.ResultFiles) Fail(who, $"kept {job.Status} job {job.Id} has {CountFiles(results)} of {job.ResultFiles} files in results/");
            if (CountFiles(temp) != job.TempFiles) Fail(who, $"kept {job.Status} job {job.Id} has {CountFiles(temp)} of {job.TempFiles} files in temp/");
        }
    }

    /// <summary>
    /// The tool's JSON: one Deleted entry per eligible job naming its three paths, no errors, every byte counted
    /// (<paramref name="allocatedBytes"/>: the eligible paths' allocated blocks, as du counts them; the tool reports
    /// freed blocks, not file lengths).
    /// </summary>
    public static void CheckReport(string jsonPath, StoreLayout layout, long allocatedBytes)
    {
        const string who = "cleanuptools";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        }
        catch (JsonException e)
        {
            throw new BenchmarkFailure($"{who}: stdout is not JSON ({e.Message}); see {jsonPath}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.GetProperty("jobs_with_errors").GetInt64() != 0) Fail(who, $"reported jobs_with_errors = {root.GetProperty("jobs_with_errors")}");
            var expected = layout.Eligible.ToDictionary(j => j.Id, StringComparer.Ordinal);
            var seen = 0;
            foreach (var detail in root.GetProperty("job_details").EnumerateArray())
            {
                var id = detail.GetProperty("job_id").GetString()!;
                if (!expected.TryGetValue(id, out var job)) Fail(who, $"reported job {id}, which is not eligible");
                var outcome = detail.GetProperty("outcome").GetString();
                if (outcome != "Deleted") Fail(who, $"job {id}: outcome {outcome}");
                var files = Strings(detail, "files_deleted");
                var directories = Strings(detail, "directories_deleted");
                if (!files.SetEquals(new[] { $"uploads/{job!.DemFilename}" }) || !directories.SetEquals(new[] { $"results/{id}", $"temp/{id}" }))
                    Fail(who, $"job {id}: files_deleted [{string.Join(", ", files)}], directories_deleted [{string.Join(", ", directories)}]");
                seen++;
            }
            if (seen != expected.Count) Fail(who, $"reported {seen} jobs, expected {expected.Count}");
            var bytes = root.GetProperty("total_size_freed_bytes").GetInt64();
            if (bytes != allocatedBytes) Fail(who, $"reported {bytes} bytes freed, du counts {allocatedBytes} allocated under the eligible paths");
        }
    }

    /// <summary>The tool records each cleanup in the store: eligible rows marked, kept rows untouched.</summary>
    public static void CheckRecords(string root, StoreLayout layout)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(root, "jobs.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL";
        var cleaned = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) cleaned.Add(reader.GetString(0));
        }
        if (!cleaned.SetEquals(layout.Eligible.Select(j => j.Id)))
            Fail("cleanuptools", $"{cleaned.Count} rows marked cleaned, {layout.Eligible.Count()} eligible (or a kept job was marked)");
    }

    /// <summary>After the tool on A and rm on B, what is left (files, sizes, directories) must be identical.</summary>
    public static void CheckSameTree(string a, string b)
    {
        var left = Listing(a);
        var right = Listing(b);
        if (left.SequenceEqual(right)) return;
        var onlyA = left.Except(right).Take(3);
        var onlyB = right.Except(left).Take(3);
        throw new BenchmarkFailure($"copies differ after deletion: only in tool copy [{string.Join(", ", onlyA)}], only in rm copy [{string.Join(", ", onlyB)}]");
    }

    private static List<string> Listing(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        return new DirectoryInfo(root).EnumerateFileSystemInfos("*", options)
            .Where(e => !(e is FileInfo && DatabaseFiles.Contains(e.Name) && Path.GetDirectoryName(e.FullName) == root.TrimEnd('/')))
            .Select(e => $"{Path.GetRelativePath(root, e.FullName)}{(e is FileInfo f ? $" {f.Length}" : "/")}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static int CountFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count() : -1;

    private static HashSet<string> Strings(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);

    [DoesNotReturn]
    private static void Fail(string who, string message) => throw new BenchmarkFailure($"{who}: {message}");
}
