using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// A job whose row the application changed after its re-check, while its files were going: the store's conditional
/// record left the row as the application wrote it, unmarked. What went cannot be put back by the run, so the result
/// says so, honestly and as an error, for whoever re-ran the job to learn that its earlier output is gone.
/// </summary>
internal static class ChangedWhileCleaning
{
    /// <summary>The audit outcome of the row that follows the job's own audit row (which says what was done to its files).</summary>
    public const string AuditOutcome = "Changed";

    /// <summary>Whether anything of the job went (or moved): only then is there more to say than that its summary was not written.</summary>
    public static bool Applies(CleanupResult result) =>
        result.Outcome is CleanupOutcome.Deleted or CleanupOutcome.Quarantined or CleanupOutcome.Partial;

    /// <param name="now">The job's rows as read after the record: one row, or none or several when it is gone or ambiguous.</param>
    public static string Describe(CleanupResult result, JobRowState evaluated, IReadOnlyList<JobRecord> now, string runId)
    {
        var change = now.Count == 1 ? JobRecheck.Change(evaluated, now[0]) ?? "its row changed" : "its row is gone or no longer one row";
        var gone = result.Outcome switch
        {
            CleanupOutcome.Quarantined => $"its data was moved into the backup of run {runId}, from which it can be restored,",
            CleanupOutcome.Partial => "part of its data was deleted",
            _ => "its data was deleted",
        };
        return $"{change} while it was being cleaned: {gone} before the change could be seen; its row is not marked cleaned";
    }

    /// <summary>The result as reported: Partial, not Deleted (that outcome means the row was marked); what went is still listed.</summary>
    public static CleanupResult Result(CleanupResult result, string message) => new()
    {
        JobId = result.JobId,
        Target = result.Target,
        Policy = result.Policy,
        Status = result.Status,
        CompletedAt = result.CompletedAt,
        Action = result.Action,
        Outcome = CleanupOutcome.Partial,
        DataDeleted = false,
        ConfigPreserved = result.ConfigPreserved,
        FilesDeleted = result.FilesDeleted,
        DirectoriesDeleted = result.DirectoriesDeleted,
        BytesFreed = result.BytesFreed,
        BytesMoved = result.BytesMoved,
        Errors = result.Errors.Append(message).ToArray(),
        Reason = message,
    };
}
