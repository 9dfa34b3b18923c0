using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Settles a run directory left by a run that was killed while moving entries: each intent in its manifest is
/// decided from what is on disk, and entries found in the directory but in no manifest (left by versions that
/// moved first and recorded second) are listed. Only the backup side is ever changed, and only to remove a
/// copy the intent itself says is partial while the original is still whole; originals are never touched.
/// <list type="bullet">
/// <item>moving: a rename is atomic, so an entry at the backup path was moved (marked moved), and none there was not (dropped).</item>
/// <item>copying: a copy at the backup path may be partial: with the original still there it is removed and the intent dropped;
/// with the original gone it is the only copy, kept and reported.</item>
/// <item>copied: the copy is whole; marked moved (leftovers at the original stay for the job's next run to take).</item>
/// <item>unlisted: adopted as moved when its original is gone (results, logs and temp entries are named by their job id, so
/// they keep their job); one whose original still exists, or that sits outside a root's directory, is reported.</item>
/// </list>
/// </summary>
public static class BackupReconciler
{
    /// <summary>Policy name given to an adopted entry: the manifest that would have said it was never written.</summary>
    public const string AdoptedPolicy = "(unrecorded)";

    /// <summary>
    /// Reconciles <paramref name="runId"/>, writing the result when <paramref name="apply"/>; a run another process
    /// holds is left alone (Busy), and one whose directory cannot be opened is returned with that as its Error.
    /// </summary>
    public static ReconcileOutcome Reconcile(BackupRoot root, string runId, bool apply)
    {
        using var held = RunDirectoryLock.Acquire(Path.Join(root.Path, runId), RunDirectoryLock.SpawnGrace, out var cannotOpen);
        var read = BackupCatalog.Read(root, runId);
        if (held is null)
            return new ReconcileOutcome
            {
                Manifest = cannotOpen is null || read.Error is not null ? read : read with { Error = cannotOpen },
                Busy = cannotOpen is null && read.Error is null, Changes = Array.Empty<string>(), Unresolved = Array.Empty<string>(),
            };
        return Settle(root, read, apply);
    }

    /// <summary>The caller holds the run directory's lock.</summary>
    internal static ReconcileOutcome Settle(BackupRoot root, BackupManifest read, bool apply)
    {
        var changes = new List<string>();
        var unresolved = new List<string>();
        if (read.Error is not null || read.CreatedAt is not { } createdAt)
            return new ReconcileOutcome { Manifest = read, Changes = changes, Unresolved = unresolved };

        var partials = new List<(string Container, BackupEntry Entry)>();
        var entries = new List<BackupEntry>();
        foreach (var entry in read.Entries)
        {
            if (entry.State == BackupEntryState.Moved)
            {
                entries.Add(entry);
                continue;
            }
            var container = Path.Join(read.RunDirectory, entry.Root);
            var backup = EntryStatus.Of(container).Kind == BackupEntryKind.Directory
                ? EntryStatus.Of(Path.Join(container, entry.Name))
                : EntryStatus.Of(container) is { Missing: true } ? default : new EntryStatus(null, default, 0, $"'{container}' is not a directory");
            var original = EntryStatus.Of(entry.OriginalPath);
            if (backup.Error is not null || original.Error is not null)
            {
                entries.Add(entry);
                unresolved.Add($"{entry.BackupPath} ({ManifestFile.StateName(entry.State)}): {backup.Error ?? original.Error}");
                continue;
            }
            var subject = $"{entry.BackupPath} (job {entry.JobId ?? "none"})";
            switch (entry.State)
            {
                case BackupEntryState.Moving when !backup.Missing:
                case BackupEntryState.Copied when !backup.Missing:
                    entries.Add(entry with { State = BackupEntryState.Moved });
                    changes.Add(entry.State == BackupEntryState.Copied && !original.Missing
                        ? $"{subject} was copied whole before the run ended: recorded as moved; leftovers at {entry.OriginalPath} stay for the job's next run"
                        : $"{subject} was moved before the run ended: recorded as moved");
                    break;
                case BackupEntryState.Copying when !backup.Missing && original.Missing:
                    entries.Add(entry);
                    unresolved.Add($"{subject} may be a partial copy, and its original {entry.OriginalPath} is gone: kept as the only copy; check it by hand");
                    break;
                case BackupEntryState.Copying when !backup.Missing:
                    partials.Add((container, entry));
                    changes.Add($"{subject} was a partial copy (its original {entry.OriginalPath} is whole): removed");
                    break;
                default:
                    changes.Add(original.Missing
                        ? $"{subject} was never moved and its original is gone: intent dropped"
                        : $"{subject} was never moved (it is still at {entry.OriginalPath}): intent dropped");
                    break;
            }
        }

        var stillUnlisted = new List<string>();
        foreach (var relative in read.Unlisted)
        {
            if (Adopt(root, read, relative, createdAt, out var problem) is { } adopted)
            {
                entries.Add(adopted);
                changes.Add($"{relative} was in the run directory but not in its manifest: adopted as moved{(adopted.JobId is null ? "" : $" (job {adopted.JobId})")}");
            }
            else
            {
                stillUnlisted.Add(relative);
                unresolved.Add($"{relative} is not in the manifest and cannot be adopted: {problem}");
            }
        }

        var errors = new List<string>();
        if (apply && changes.Count > 0)
        {
            // Partial copies go before the manifest stops naming them: a kill in between leaves an intent whose copy is gone, which settles again.
            foreach (var (container, entry) in partials)
            {
                var outcome = SafeDeleter.Delete(new DeletionTarget(new StorageRoot(entry.Root, container), entry.Name, Path.Join(container, entry.Name)), measureOnly: false);
                errors.AddRange(outcome.Tally.Errors.Select(e => $"removing the partial copy {entry.BackupPath}: {e}"));
                if (!outcome.Succeeded) entries.Add(entry);
            }
            try
            {
                ManifestFile.Write(read.RunDirectory, read.RunId, createdAt, entries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"run {read.RunId}'s manifest could not be rewritten: {e.Message}");
                return new ReconcileOutcome { Manifest = read, Changes = Array.Empty<string>(), Unresolved = unresolved, Errors = errors };
            }
        }
        var settled = read with { Entries = entries, Unlisted = stillUnlisted };
        return new ReconcileOutcome { Manifest = settled, Changes = changes, Unresolved = unresolved, Errors = errors };
    }

    /// <summary>The manifest entry for an unlisted "root/name", or null with the reason it cannot be trusted as one.</summary>
    private static BackupEntry? Adopt(BackupRoot root, BackupManifest read, string relative, DateTimeOffset createdAt, out string? problem)
    {
        problem = null;
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            problem = "it is not inside a root's directory of the run";
            return null;
        }
        var rootName = relative[..slash];
        var name = relative[(slash + 1)..];
        var storage = root.CleanedRoots.FirstOrDefault(r => r.Name == rootName);
        if (storage is null)
        {
            problem = $"no configured root is named '{StorageRoot.Printable(rootName)}'";
            return null;
        }
        if (PathGuard.Problem(name) is { } unsafeName)
        {
            problem = $"its name {unsafeName}";
            return null;
        }
        var originalPath = Path.Join(storage.Path, name);
        var original = EntryStatus.Of(originalPath);
        if (!original.Missing)
        {
            // Whatever sits here may be a copy an older version left half-done while the original stayed whole.
            problem = original.Error ?? $"its original {originalPath} still exists, so it may be a partial copy";
            return null;
        }
        var container = Path.Join(read.RunDirectory, rootName);
        var path = Path.Join(container, name);
        var status = EntryStatus.Of(path);
        if (status.Kind is null)
        {
            problem = status.Error ?? "it vanished";
            return null;
        }
        var measured = SafeDeleter.Delete(new DeletionTarget(new StorageRoot(rootName, container), name, path), measureOnly: true).Tally;
        var entry = new BackupEntry(rootName, name, originalPath, BackupEntryCheck.ExpectedBackupPath(rootName, name),
            // Results, logs and temp entries are named by their job's id; an upload's job cannot be told from its name.
            rootName is StorageRoot.Results or StorageRoot.Logs or StorageRoot.Temp ? name : null,
            AdoptedPolicy, status.Kind.Value, measured.Bytes, measured.Files, measured.Directories, status.LastWriteUtc, createdAt)
        {
            Adopted = true,
        };
        if (BackupEntryCheck.Problem(entry) is { } invalid)
        {
            problem = invalid;
            return null;
        }
        return entry;
    }
}
