using System.Globalization;
using System.Text.Json;
using CleanupTools.Reports;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Reads and writes a run's manifest.json. Writes go to a temporary file that is fsync'ed and renamed over
/// the manifest, and the run directory is flushed after the rename, so a run killed at any moment (or a machine
/// losing power) leaves either the previous or the new manifest, never half of one, and never an older one than
/// the moves that followed the write. Each entry carries its <see cref="BackupEntryState"/>; a manifest without
/// states (written before they existed) lists only moved entries. Reading treats the file as hostile input: every field is type-checked and every entry's names re-validated.
/// </summary>
internal static class ManifestFile
{
    public const string FileName = "manifest.json";
    public const string TemporaryName = "manifest.json.tmp";

    public static void Write(string runDirectory, string runId, DateTimeOffset createdAt, IEnumerable<BackupEntry> entries)
    {
        var temporary = Path.Join(runDirectory, TemporaryName);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var json = JsonOutput.Create(stream))
            {
                json.WriteStartObject();
                json.WriteString("run_id", runId);
                json.WriteString("created_at", Iso(createdAt));
                json.WriteStartArray("entries");
                foreach (var entry in entries) WriteEntry(json, entry);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Join(runDirectory, FileName), overwrite: true);
        DirectorySync.Flush(runDirectory);
    }

    /// <summary>The manifest of <paramref name="runDirectory"/>, or a reason it cannot be trusted.</summary>
    public static (DateTimeOffset CreatedAt, List<BackupEntry> Entries)? Read(string runDirectory, string runId, out string? error)
    {
        var path = Path.Join(runDirectory, FileName);
        var status = EntryStatus.Of(path);
        if (status.Kind != BackupEntryKind.File)
        {
            error = status.Error ?? (status.Missing ? "the manifest is missing" : "the manifest is not a regular file");
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the manifest is not a JSON object");
            var id = String(root, "run_id");
            if (id != runId) throw new FormatException($"run_id '{id}' does not match the directory name '{runId}'");
            var created = Time(root, "created_at");
            if (!root.TryGetProperty("entries", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new FormatException("'entries' is missing or not an array");
            var entries = new List<BackupEntry>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var entry = ReadEntry(element, index);
                if (BackupEntryCheck.Problem(entry) is { } problem) throw new FormatException($"entry {index}: {problem}");
                entries.Add(entry);
                index++;
            }
            error = null;
            return (created, entries);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            error = $"the manifest cannot be read: {e.Message}";
            return null;
        }
    }

    /// <summary>Round-trip precision (100 ns ticks), so an untouched entry's time compares equal to the recorded one.</summary>
    internal static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteEntry(Utf8JsonWriter json, BackupEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("root", entry.Root);
        json.WriteString("name", entry.Name);
        json.WriteString("original_path", entry.OriginalPath);
        json.WriteString("backup_path", entry.BackupPath);
        if (entry.JobId is null) json.WriteNull("job_id"); else json.WriteString("job_id", entry.JobId);
        json.WriteString("policy", entry.Policy);
        json.WriteString("kind", KindName(entry.Kind));
        json.WriteNumber("bytes", entry.Bytes);
        json.WriteNumber("files", entry.Files);
        json.WriteNumber("directories", entry.Directories);
        json.WriteString("last_write_utc", Iso(new DateTimeOffset(entry.LastWriteUtc, TimeSpan.Zero)));
        json.WriteString("quarantined_at", Iso(entry.QuarantinedAt));
        json.WriteString("state", StateName(entry.State));
        if (entry.Adopted) json.WriteBoolean("adopted", true);
        json.WriteEndObject();
    }

    private static BackupEntry ReadEntry(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException($"entry {index} is not an object");
        var kind = String(element, "kind") switch
        {
            "directory" => BackupEntryKind.Directory,
            "file" => BackupEntryKind.File,
            "link" => BackupEntryKind.Link,
            var other => throw new FormatException($"entry {index} has unknown kind '{other}'"),
        };
        return new BackupEntry(
            String(element, "root"),
            String(element, "name"),
            String(element, "original_path"),
            String(element, "backup_path"),
            element.TryGetProperty("job_id", out var job) && job.ValueKind != JsonValueKind.Null ? job.GetString() : null,
            String(element, "policy"),
            kind,
            Number(element, "bytes"),
            Number(element, "files"),
            element.TryGetProperty("directories", out _) ? Number(element, "directories") : 0,
            Time(element, "last_write_utc").UtcDateTime,
            Time(element, "quarantined_at"))
        {
            State = element.TryGetProperty("state", out _) ? String(element, "state") switch
            {
                "moving" => BackupEntryState.Moving,
                "copying" => BackupEntryState.Copying,
                "copied" => BackupEntryState.Copied,
                "moved" => BackupEntryState.Moved,
                var other => throw new FormatException($"entry {index} has unknown state '{other}'"),
            } : BackupEntryState.Moved,
            Adopted = element.TryGetProperty("adopted", out var adopted) && adopted.ValueKind == JsonValueKind.True,
        };
    }

    internal static string StateName(BackupEntryState state) => state switch
    {
        BackupEntryState.Moving => "moving",
        BackupEntryState.Copying => "copying",
        BackupEntryState.Copied => "copied",
        _ => "moved",
    };

    internal static string KindName(BackupEntryKind kind) => kind switch
    {
        BackupEntryKind.Directory => "directory",
        BackupEntryKind.File => "file",
        _ => "link",
    };

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"'{name}' is missing or not a string");

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new FormatException($"'{name}' is missing or not an integer");

    private static DateTimeOffset Time(JsonElement element, string name) =>
        DateTimeOffset.TryParse(String(element, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"'{name}' is not an ISO 8601 time");
}
