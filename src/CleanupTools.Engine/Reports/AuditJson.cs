namespace CleanupTools.Reports;

/// <summary>`history --json` and `run --stats --json`: audit rows and totals, with reference 002's space_freed_mb beside the bytes.</summary>
public static class AuditJson
{
    public static void Write(Stream output, IEnumerable<CleanupAuditEntry> entries)
    {
        using var json = JsonOutput.Create(output);
        json.WriteStartArray();
        foreach (var entry in entries) WriteEntry(json, entry);
        json.WriteEndArray();
    }

    public static void Write(Stream output, CleanupStatistics statistics)
    {
        using var json = JsonOutput.Create(output);
        json.WriteStartObject();
        if (statistics.Since is { } since) json.WriteString("since", since); else json.WriteNull("since");
        json.WriteNumber("runs", statistics.Runs);
        if (statistics.LastRun is { } last) json.WriteString("last_run", last); else json.WriteNull("last_run");
        json.WriteNumber("items_acted_on", statistics.ItemsActedOn);
        json.WriteNumber("items_failed", statistics.ItemsFailed);
        json.WriteNumber("bytes_freed", statistics.BytesFreed);
        json.WriteNumber("space_freed_mb", statistics.SpaceFreedMB);
        json.WriteNumber("bytes_moved", statistics.BytesMoved);
        json.WriteNumber("space_moved_mb", statistics.SpaceMovedMB);
        json.WriteStartArray("recent_runs");
        foreach (var run in statistics.RecentRuns) WriteEntry(json, run);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEntry(System.Text.Json.Utf8JsonWriter json, CleanupAuditEntry e)
    {
        json.WriteStartObject();
        json.WriteNumber("id", e.Id);
        json.WriteString("run_id", e.RunId);
        json.WriteString("timestamp", e.Timestamp);
        json.WriteString("user", e.User);
        json.WriteString("host", e.Host);
        json.WriteString("trigger", e.Trigger.ToString().ToLowerInvariant());
        json.WriteString("item_kind", e.TargetKind);
        json.WriteString("item", e.Target);
        json.WriteString("job_id", e.JobId);
        json.WriteString("policy", e.Policy);
        json.WriteString("action", e.Action);
        json.WriteNumber("bytes", e.Bytes);
        // Reference 002's space_freed_mb is what the row freed: a quarantine's bytes were moved, not freed.
        json.WriteNumber("space_freed_mb", Math.Round(e.BytesFreed / 1048576.0, 1));
        json.WriteNumber("space_moved_mb", Math.Round(e.BytesMoved / 1048576.0, 1));
        json.WriteString("outcome", e.Outcome);
        json.WriteString("error", e.Error);
        json.WriteEndObject();
    }
}
