using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Backups;

namespace CleanupTools.Operations;

/// <summary>Quarantine (two-stage cleanup) and the purge of backups older than their retention.</summary>
public sealed partial class CleanupRun
{
    /// <summary>
    /// Reference 001 keeps backups for 7 days: the normal run removes the run directories older than the backup
    /// retention (a preview says what it would remove). Each purged run is an audit row.
    /// </summary>
    private void PurgeBackups()
    {
        if (_backup?.RecordMoves() is { } unrecorded)
            _host.WriteWarning($"Backup {_backup.RunId}: the last moves could not be marked in its manifest ({unrecorded}); the next run's reconcile marks them.");
        if (!Directory.Exists(_context.Settings.BackupDir)) return;
        EnsureWritable();
        var outcome = BackupCatalog.Purge(_context.BackupRoot, _context.Settings.BackupRetention, _context.Clock.GetUtcNow(), measureOnly: _readOnly);
        foreach (var run in outcome.Reconciled)
        {
            foreach (var change in run.Changes) _host.WriteVerbose($"Backup {run.Manifest.RunId}: {change}{(_readOnly ? " (would be recorded)" : "")}.");
            foreach (var problem in run.Unresolved.Concat(run.Errors)) _host.WriteWarning($"Backup {run.Manifest.RunId}: {problem}.");
        }
        foreach (var kept in outcome.KeptUnreadable)
            _host.WriteWarning($"Backup {kept.RunId} is kept: {kept.Error}; remove it by hand once checked.");
        var audit = new List<CleanupAuditEntry>();
        var errors = new List<OperationError>();
        foreach (var run in outcome.Purged)
        {
            _host.WriteVerbose($"Backup {run.RunId} from {run.CreatedAt:u}: {(_readOnly ? "would be purged" : "purged")} ({run.EntryCount} entries, {run.Bytes} bytes); it is older than the backup retention of {Policies.CandidateEvaluator.FormatRetention(_context.Settings.BackupRetention)}.");
            Summary.BackupsPurged++;
            Summary.BackupBytesPurged += run.Bytes;
            errors.AddRange(run.Errors.Select(error => new OperationError("BackupPurgeFailed", ErrorKind.WriteError, $"Backup {run.RunId}: {error}", run.RunId)));
            audit.Add(_identity.Entry(CleanupAuditEntry.BackupTarget, run.RunId, _context.Clock.GetUtcNow(), "PurgeBackup", run.Bytes,
                run.Errors.Count == 0 ? "Purged" : "Partial", jobId: null, policy: null, error: run.Errors.Count == 0 ? null : string.Join("; ", run.Errors)));
        }
        // Recorded before any error is reported: a host that stops at an error must not lose what was purged.
        if (!_readOnly && audit.Count > 0)
        {
            _context.Store.AppendAudit(audit);
            _recordedAny = true;
        }
        foreach (var error in errors) _host.WriteError(error);
    }

    /// <summary>
    /// Whether an action moves data into the backup root: a quarantine policy, or a run told to quarantine
    /// everything (two-stage cleanup). An emergency run deletes instead: moving data on a full disk frees nothing.
    /// </summary>
    private bool Quarantines(CleanupAction action)
    {
        if (action != CleanupAction.Quarantine && !_context.Settings.Quarantine) return false;
        if (_identity.Trigger != CleanupTrigger.Emergency) return true;
        if (!_emergencyWarned) _host.WriteWarning("Emergency run: data that would be quarantined is deleted instead, since moving it on a full disk frees nothing.");
        _emergencyWarned = true;
        return false;
    }

    /// <summary>One job's targets, recorded in the run's manifest as one set of intents before the first is moved.</summary>
    private IReadOnlyList<DeletionOutcome> Quarantine(IReadOnlyList<DeletionTarget> targets, string? jobId, string policy)
    {
        _backup ??= BackupRun.Begin(_context.BackupRoot, _identity.RunId, Summary.StartTime);
        return _backup.Quarantine(targets, jobId, policy).Select(moved =>
        {
            var tally = new TreeTally { Bytes = moved.Bytes, Files = moved.Files, Directories = moved.Directories };
            tally.Errors.AddRange(moved.Errors);
            return new DeletionOutcome
            {
                Target = moved.Target,
                Existed = moved.Existed,
                WasDirectory = moved.Entry?.Kind == BackupEntryKind.Directory,
                WasLink = moved.Entry?.Kind == BackupEntryKind.Link,
                Removed = moved.Moved && moved.Succeeded,
                Tally = tally,
            };
        }).ToArray();
    }
}
