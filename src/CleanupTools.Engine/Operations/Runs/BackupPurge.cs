using CleanupTools.FileSystem.Backups;
using CleanupTools.Policies;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// The end-of-run backup stage. Reference 001 keeps backups for 7 days: the normal run removes the run directories
/// older than the backup retention (a preview says what it would remove), reconciling each manifest first. Each purged
/// run is an audit row, written before any error about it is reported.
/// </summary>
internal sealed class BackupPurge
{
    private readonly RunState _state;
    private readonly RunRecorder _recorder;

    public BackupPurge(RunState state, RunRecorder recorder)
    {
        _state = state;
        _recorder = recorder;
    }

    public void Run()
    {
        var context = _state.Context;
        var host = _state.Host;
        var readOnly = _state.ReadOnly;
        if (!Directory.Exists(context.Settings.BackupDir)) return;
        _state.EnsureWritable();
        var outcome = BackupCatalog.Purge(context.BackupRoot, context.Settings.BackupRetention, _state.Now, measureOnly: readOnly);
        foreach (var run in outcome.Reconciled)
        {
            foreach (var change in run.Changes) host.WriteVerbose($"Backup {run.Manifest.RunId}: {change}{(readOnly ? " (would be recorded)" : "")}.");
            foreach (var problem in run.Unresolved.Concat(run.Errors)) host.WriteWarning($"Backup {run.Manifest.RunId}: {problem}.");
        }
        foreach (var kept in outcome.KeptUnreadable)
            host.WriteWarning($"Backup {kept.RunId} is kept: {kept.Error}; remove it by hand once checked.");
        var audit = new List<CleanupAuditEntry>();
        var errors = new List<OperationError>();
        foreach (var run in outcome.Purged)
        {
            host.WriteVerbose($"Backup {run.RunId} from {run.CreatedAt:u}: {(readOnly ? "would be purged" : "purged")} ({run.EntryCount} entries, {run.Bytes} bytes); it is older than the backup retention of {CandidateEvaluator.FormatRetention(context.Settings.BackupRetention)}.");
            _state.Summary.BackupsPurged++;
            _state.Summary.BackupBytesPurged += run.Bytes;
            errors.AddRange(run.Errors.Select(error => new OperationError("BackupPurgeFailed", ErrorKind.WriteError, $"Backup {run.RunId}: {error}", run.RunId)));
            audit.Add(_state.Identity.Entry(CleanupAuditEntry.BackupTarget, run.RunId, _state.Now, "PurgeBackup", run.Bytes,
                run.Errors.Count == 0 ? "Purged" : "Partial", jobId: null, policy: null, error: run.Errors.Count == 0 ? null : string.Join("; ", run.Errors)));
        }
        // Recorded before any error is reported: a host that stops at an error must not lose what was purged.
        _recorder.Append(audit);
        foreach (var error in errors) host.WriteError(error);
    }
}
