using CleanupTools.FileSystem;

namespace CleanupTools.Operations.Runs;

/// <summary>The result a job's report carries, from what was planned for it and what was done: pure, no I/O.</summary>
internal static class JobResults
{
    public static (CleanupResult Result, OperationError? Error) Failed(string id, JobStatus status, DateTimeOffset? completedAt, CleanupAction action, OperationError error) =>
        (new CleanupResult
        {
            JobId = id,
            Target = id,
            Status = status,
            CompletedAt = completedAt,
            Action = action,
            Outcome = CleanupOutcome.Failed,
            Errors = new[] { error.Message },
            Reason = error.Message,
        }, error);

    /// <summary>A job its plan did not let go (kept or held at deletion time).</summary>
    public static CleanupResult Skipped(JobPlan plan) => new()
    {
        JobId = plan.Job.Id,
        Target = plan.Job.Id,
        Policy = plan.Decision.Policy,
        Status = plan.Job.Status,
        CompletedAt = plan.Decision.CompletedAt,
        Action = plan.Decision.Action == CleanupAction.Held ? CleanupAction.Held : CleanupAction.Keep,
        Outcome = CleanupOutcome.Skipped,
        Reason = plan.Decision.Reason,
    };

    /// <summary>A job its worker's re-check left alone: its status as read then.</summary>
    public static CleanupResult Skipped(JobPlan plan, JobRecheckRefusal refused) => new()
    {
        JobId = plan.Job.Id,
        Target = plan.Job.Id,
        Policy = plan.Decision.Policy,
        Status = refused.Current?.Status ?? plan.Job.Status,
        CompletedAt = plan.Decision.CompletedAt,
        Action = CleanupAction.Keep,
        Outcome = CleanupOutcome.Skipped,
        Reason = refused.Reason,
    };

    /// <param name="quarantined">Its data was moved (in a dry run: would be moved) into the backup root rather than deleted.</param>
    /// <param name="dryRun">Nothing was removed: the outcomes are measurements.</param>
    public static CleanupResult Acted(JobPlan plan, IReadOnlyList<DeletionOutcome> outcomes, bool quarantined, bool dryRun)
    {
        var errors = outcomes.SelectMany(o => o.Tally.Errors).ToArray();
        var bytes = outcomes.Sum(o => o.Tally.Bytes);
        bool Done(DeletionOutcome o) => o.Existed && (dryRun || o.Removed);
        var files = outcomes.Where(o => Done(o) && !o.WasDirectory).Select(o => o.Target.Display).ToArray();
        var directories = outcomes.Where(o => Done(o) && o.WasDirectory).Select(o => o.Target.Display).ToArray();
        var outcome = dryRun ? CleanupOutcome.WouldDelete
            : errors.Length == 0 ? quarantined ? CleanupOutcome.Quarantined : CleanupOutcome.Deleted
            : bytes > 0 || files.Length > 0 || directories.Length > 0 || outcomes.Any(o => o.Tally.Files > 0) ? CleanupOutcome.Partial
            : CleanupOutcome.Failed;
        return new CleanupResult
        {
            JobId = plan.Job.Id,
            Target = plan.Job.Id,
            Policy = plan.Decision.Policy,
            Status = plan.Job.Status,
            CompletedAt = plan.Decision.CompletedAt,
            // What was done: a quarantine policy's data deleted by an emergency run was deleted, its record kept.
            Action = quarantined ? CleanupAction.Quarantine : plan.Decision.Action == CleanupAction.Quarantine ? CleanupAction.DeleteData : plan.Decision.Action,
            Outcome = outcome,
            // A component a policy lets go later keeps the job unmarked, so a later run comes back for it.
            DataDeleted = !dryRun && errors.Length == 0 && !plan.ComponentsPending,
            ConfigPreserved = true,
            FilesDeleted = files,
            DirectoriesDeleted = directories,
            // Moved data is still on disk: it is freed when its backup is purged, and reported then.
            BytesFreed = quarantined ? 0 : bytes,
            BytesMoved = quarantined ? bytes : 0,
            Errors = errors,
            Reason = string.Join("; ", plan.Kept.Prepend(plan.Decision.Reason)),
        };
    }
}
