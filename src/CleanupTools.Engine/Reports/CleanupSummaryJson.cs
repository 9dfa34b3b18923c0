using System.Text.Json;
using System.Text.Json.Nodes;

namespace CleanupTools.Reports;

/// <summary>The JSON written to a job's cleanup_summary column: exactly what went, and any error.</summary>
public static class CleanupSummaryJson
{
    // One instance for the process: options carry caches, and a run writes one summary per job.
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string For(CleanupResult result, string policy, DateTimeOffset at)
    {
        var node = new JsonObject
        {
            ["cleaned_at"] = at.UtcDateTime.ToString("O"),
            ["policy"] = policy,
            ["action"] = result.Action.ToString(),
            ["outcome"] = result.Outcome.ToString(),
            ["data_deleted"] = result.DataDeleted,
            ["config_preserved"] = result.ConfigPreserved,
            ["size_freed_bytes"] = result.BytesFreed,
            ["size_freed_mb"] = result.SizeFreedMB,
            ["size_moved_bytes"] = result.BytesMoved,
            ["size_moved_mb"] = result.SizeMovedMB,
            ["files_deleted"] = new JsonArray(result.FilesDeleted.Select(f => (JsonNode?)f).ToArray()),
            ["directories_deleted"] = new JsonArray(result.DirectoriesDeleted.Select(d => (JsonNode?)d).ToArray()),
            ["errors"] = new JsonArray(result.Errors.Select(e => (JsonNode?)e).ToArray()),
        };
        return node.ToJsonString(Compact);
    }

    /// <summary>
    /// The summary a restore leaves: what came back from which backup. It replaces the quarantine's, which no longer
    /// describes the job (its data is back and its cleaned mark cleared).
    /// </summary>
    public static string ForRestore(IReadOnlyList<(string BackupRunId, CleanupAuditEntry Row)> restored, DateTimeOffset at)
    {
        var rows = restored.Select(r => r.Row).ToArray();
        var errors = rows.Where(r => r.Error is not null).Select(r => r.Error!).ToArray();
        var node = new JsonObject
        {
            ["restored_at"] = at.UtcDateTime.ToString("O"),
            ["action"] = "Restore",
            ["outcome"] = errors.Length == 0 ? "Restored" : "Partial",
            ["backup_run_ids"] = new JsonArray(restored.Select(r => r.BackupRunId).Distinct().Select(id => (JsonNode?)id).ToArray()),
            ["data_deleted"] = false,
            ["config_preserved"] = true,
            ["size_restored_bytes"] = rows.Sum(r => r.Bytes),
            ["paths_restored"] = new JsonArray(rows.Select(r => (JsonNode?)r.Target).ToArray()),
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()),
        };
        return node.ToJsonString(Compact);
    }
}
