using CleanupTools.Configuration;
using CleanupTools.FileSystem.Backups;
using CleanupTools.Reports;

namespace CleanupTools.Operations;

/// <summary>
/// Puts quarantined data back (Restore-CleanupBackup, `cleanuptools restore`): by run, job or original path.
/// Each restored entry is an audit row; a job whose data came back loses its cleaned mark in the same
/// transaction. A restore never overwrites newer data, and older data only when forced.
/// </summary>
public static class BackupService
{
    public static IReadOnlyList<CleanupAuditEntry> Restore(CleanupContext context, string? runId, string? jobId, string? path, bool force, IOperationHost host)
    {
        if (runId is null && jobId is null && path is null)
            throw new ConfigurationException("Say what to restore: a run id, a job id or an original path.");
        var manifests = Directory.Exists(context.Settings.BackupDir) ? BackupCatalog.List(context.BackupRoot) : Array.Empty<BackupManifest>();
        // Each run as its reconcile will leave it (computed here, written only when an entry of it is restored): a run
        // killed mid-move still lists every entry it moved, under its job.
        var settled = manifests
            .Where(m => m.Error is null && (runId is null || m.RunId == runId))
            .Select(m => BackupReconciler.Reconcile(context.BackupRoot, m.RunId, apply: false))
            .ToArray();
        foreach (var run in settled)
        foreach (var change in run.Changes)
            host.WriteVerbose($"Backup {run.Manifest.RunId}: {change}.");
        var selected = settled.Select(r => r.Manifest)
            .SelectMany(m => m.Entries.Where(e => e.State == BackupEntryState.Moved && (jobId is null || e.JobId == jobId) && (path is null || e.OriginalPath == path)).Select(e => (Manifest: m, Entry: e)))
            .ToArray();
        if (selected.Length == 0)
        {
            host.WriteError(new OperationError("BackupNotFound", ErrorKind.ObjectNotFound,
                $"No backup in {context.Settings.BackupDir} holds {Describe(runId, jobId, path)}.", runId ?? jobId ?? path));
            return Array.Empty<CleanupAuditEntry>();
        }

        var identity = RunIdentity.Create(context.Clock.GetUtcNow(), context.Options.Trigger ?? CleanupOptions.DefaultTrigger);
        var restored = new List<CleanupAuditEntry>();
        var restoredOfJob = new Dictionary<string, List<(string BackupRunId, CleanupAuditEntry Row)>>(StringComparer.Ordinal);
        foreach (var (manifest, entry) in selected)
        {
            host.Cancellation.ThrowIfCancellationRequested();
            if (!host.ShouldProcess(entry.OriginalPath, $"Restore from backup {manifest.RunId}{(force ? ", replacing older data there" : "")}")) continue;
            var outcome = BackupRestorer.Restore(context.BackupRoot, manifest, entry, force, measureOnly: false);
            if (outcome.Error is { } refusal)
            {
                host.WriteError(new OperationError("RestoreRefused", ErrorKind.ResourceUnavailable, $"{entry.OriginalPath}: {refusal}", entry.OriginalPath));
                continue;
            }
            var row = identity.Entry(CleanupAuditEntry.BackupTarget, entry.OriginalPath, context.Clock.GetUtcNow(), "Restore", outcome.Bytes,
                outcome.Succeeded ? "Restored" : "Partial", entry.JobId, entry.Policy, outcome.Errors.Count == 0 ? null : string.Join("; ", outcome.Errors));
            // Act, then record: the data is back before the store says so. The job's summary says what came back so far
            // in this restore (a job's entries are restored one by one), replacing the quarantine's.
            if (entry.JobId is { } job)
            {
                var ofJob = restoredOfJob.TryGetValue(job, out var list) ? list : restoredOfJob[job] = new List<(string, CleanupAuditEntry)>();
                ofJob.Add((manifest.RunId, row));
                context.Store.ClearCleanedMarks(new Dictionary<string, string> { [job] = CleanupSummaryJson.ForRestore(ofJob, row.Timestamp) }, new[] { row });
            }
            else context.Store.AppendAudit(new[] { row });
            foreach (var error in outcome.Errors)
                host.WriteError(new OperationError("RestoreIncomplete", ErrorKind.WriteError, $"{entry.OriginalPath}: {error}", entry.OriginalPath));
            if (restored.Count == 0)
                context.ReportSchemaChanges(host);
            host.WriteVerbose($"Restored {entry.OriginalPath} from backup {manifest.RunId} ({outcome.Bytes} bytes).");
            restored.Add(row);
            host.WriteObject(row);
        }
        foreach (var job in restored.Select(r => r.JobId).OfType<string>().Distinct())
            host.WriteNotice(new Notice($"Job {job} is no longer marked cleaned: if it is past its retention, the next run cleans it again unless it is held", new Advice(AdviceKind.HoldJob, job), Warning: true));
        return restored;
    }

    private static string Describe(string? runId, string? jobId, string? path) => string.Join(" and ", new[]
    {
        runId is null ? null : $"run {runId}",
        jobId is null ? null : $"job {jobId}",
        path is null ? null : $"path {path}",
    }.OfType<string>());
}
