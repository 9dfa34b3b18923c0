namespace CleanupTools.Reports;

/// <summary>`stats --json`: one object per storage root.</summary>
public static class StorageStatJson
{
    public static void Write(Stream output, IEnumerable<StorageStat> stats)
    {
        using var json = JsonOutput.Create(output);
        json.WriteStartArray();
        foreach (var s in stats)
        {
            json.WriteStartObject();
            json.WriteString("root", s.Root);
            json.WriteString("path", s.Path);
            json.WriteBoolean("exists", s.Exists);
            json.WriteNumber("bytes", s.Bytes);
            json.WriteNumber("files", s.Files);
            json.WriteNumber("directories", s.Directories);
            json.WriteNumber("filesystem_total_bytes", s.FileSystemTotalBytes);
            json.WriteNumber("filesystem_free_bytes", s.FileSystemFreeBytes);
            json.WriteNumber("usage_percent", s.UsagePercent);
            json.WriteString("health", s.Health.ToString());
            json.WriteNumber("reclaimable_bytes", s.ReclaimableBytes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
