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
}
