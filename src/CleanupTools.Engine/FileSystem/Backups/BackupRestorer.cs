using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Moves a quarantined entry back where it came from. Everything in the manifest is treated as input: the
/// entry must still be listed in the run's manifest on disk, its original path must sit directly inside the
/// configured root it names, and its backup path must be exactly &lt;root&gt;/&lt;name&gt; inside the run directory.
/// Newer data at the original path is never replaced; older data only with force.
/// </summary>
public static class BackupRestorer
{
    public static RestoreOutcome Restore(BackupRoot root, BackupManifest run, BackupEntry entry, bool force, bool measureOnly) =>
        Restore(root, run, entry, force, measureOnly, forceCopy: false);

    /// <summary><paramref name="forceCopy"/> takes the cross-device copy path even on one file system (tests).</summary>
    internal static RestoreOutcome Restore(BackupRoot root, BackupManifest run, BackupEntry entry, bool force, bool measureOnly, bool forceCopy)
    {
        RestoreOutcome Refuse(string reason) => new() { Entry = entry, Error = reason, Errors = Array.Empty<string>() };

        if (!RunId.IsValid(run.RunId)) return Refuse($"the run id '{StorageRoot.Printable(run.RunId)}' is not a valid run id");
        if (BackupEntryCheck.Problem(entry) is { } problem) return Refuse($"the manifest entry is unsafe: {problem}");
        var storage = root.CleanedRoots.FirstOrDefault(r => r.Name == entry.Root);
        if (storage is null) return Refuse($"no configured root is named '{entry.Root}'");
        DeletionTarget original;
        try
        {
            original = PathGuard.Resolve(storage, entry.Name, "backed-up entry");
        }
        catch (UnsafePathException e)
        {
            return Refuse(e.Message);
        }
        if (original.FullPath != entry.OriginalPath)
            return Refuse($"the original path '{entry.OriginalPath}' is not directly inside the {storage.Name} directory '{storage.Path}'");

        // The run is read again from disk, under its lock and reconciled: the caller's copy may be stale, or not have
        // come from this root at all, and a run killed mid-move leaves intents that are settled before anything is restored.
        var runDirectory = Path.Join(root.Path, run.RunId);
        using var held = RunDirectoryLock.Acquire(runDirectory, RunDirectoryLock.HolderWait, out var cannotOpen);
        if (held is null)
            return Refuse(cannotOpen is null
                ? $"run {run.RunId} stayed in use by another process for {RunDirectoryLock.HolderWait.TotalSeconds:0} s (a run still moving entries into it); try again once it has finished"
                : $"run {run.RunId} cannot be restored from: {cannotOpen}");
        // Computed only: a refusal below must leave the run exactly as it was. It is written just before acting.
        var settled = BackupReconciler.Settle(root, BackupCatalog.Read(root, run.RunId), apply: false);
        var current = settled.Manifest;
        if (current.Error is not null) return Refuse($"run {run.RunId} cannot be restored from: {current.Error}");
        if (settled.Errors.Count > 0) return Refuse($"run {run.RunId} could not be reconciled: {string.Join("; ", settled.Errors)}");
        var listed = current.Entries.FirstOrDefault(e => e.Root == entry.Root && e.Name == entry.Name);
        // The caller's entry may predate the reconcile that marked it moved: only its state may differ.
        if (listed is null || listed != entry with { State = listed.State }) return Refuse($"run {run.RunId}'s manifest does not list {entry.BackupPath} as given");
        if (listed.State != BackupEntryState.Moved)
            return Refuse($"{entry.BackupPath} is recorded as {ManifestFile.StateName(listed.State)}, not moved, and could not be settled: {string.Join("; ", settled.Unresolved)}");

        // Both levels below the run directory must be real directories, so no link in between is followed.
        var container = Path.Join(runDirectory, entry.Root);
        if (EntryStatus.Of(container).Kind != BackupEntryKind.Directory) return Refuse($"'{container}' is not a directory");
        var backupPath = Path.Join(container, entry.Name);
        var backupStatus = EntryStatus.Of(backupPath);
        if (backupStatus.Kind is null) return Refuse(backupStatus.Error ?? $"the backup copy '{backupPath}' is missing");
        var backup = new DeletionTarget(new StorageRoot(entry.Root, container), entry.Name, backupPath);

        if (!Directory.Exists(storage.Path))
            return Refuse($"the parent directory '{storage.Path}' of '{entry.OriginalPath}' is missing; create it first");
        var existing = EntryStatus.Of(original.FullPath);
        if (existing.Error is not null) return Refuse(existing.Error);
        var replaces = !existing.Missing;
        if (replaces && existing.LastWriteUtc > entry.LastWriteUtc)
            return Refuse($"'{entry.OriginalPath}' now holds newer data (last written {ManifestFile.Iso(existing.LastWriteUtc)}, backup from {ManifestFile.Iso(entry.LastWriteUtc)}); not replaced");
        if (replaces && !force)
            return Refuse($"'{entry.OriginalPath}' exists (not newer than the backup); restore with force to replace it");

        var measured = SafeDeleter.Delete(backup, measureOnly: true).Tally;
        if (measureOnly)
            return new RestoreOutcome
            {
                Entry = entry, ReplacesExisting = replaces, Bytes = measured.Bytes, Files = measured.Files,
                Directories = measured.Directories, Errors = measured.Errors,
            };

        if (settled.Changes.Count > 0)
        {
            var written = BackupReconciler.Settle(root, BackupCatalog.Read(root, run.RunId), apply: true);
            if (written.Errors.Count > 0) return Refuse($"run {run.RunId} could not be reconciled: {string.Join("; ", written.Errors)}");
        }

        var errors = new List<string>();
        if (replaces)
        {
            var removal = SafeDeleter.Delete(original, measureOnly: false);
            if (!removal.Succeeded)
                return new RestoreOutcome
                {
                    Entry = entry, Error = $"the existing '{entry.OriginalPath}' could not be removed; nothing restored",
                    ReplacesExisting = true, Errors = removal.Tally.Errors,
                };
        }
        var method = TreeMover.Move(backupPath, original.FullPath, forceCopy, errors);
        if (method == MoveMethod.None)
            return new RestoreOutcome { Entry = entry, ReplacesExisting = replaces, Errors = errors };
        if (method == MoveMethod.Copied)
            errors.AddRange(SafeDeleter.Delete(backup, measureOnly: false).Tally.Errors.Select(e => $"restored, but the backup copy remains: {e}"));

        var runRemoved = false;
        try
        {
            var remaining = current.Entries.Where(e => e != listed).ToList();
            ManifestFile.Write(runDirectory, run.RunId, current.CreatedAt!.Value, remaining);
            if (remaining.Count == 0) runRemoved = RemoveIfEmpty(runDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"restored, but run {run.RunId}'s manifest could not be rewritten: {e.Message}");
        }
        return new RestoreOutcome
        {
            Entry = entry, Restored = true, ReplacesExisting = replaces, Method = method, RunRemoved = runRemoved,
            Bytes = measured.Bytes, Files = measured.Files, Directories = measured.Directories, Errors = errors,
        };
    }

    /// <summary>Removes a run directory holding only its manifest and empty root directories; anything else keeps it.</summary>
    private static bool RemoveIfEmpty(string runDirectory)
    {
        var containers = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(runDirectory))
        {
            var name = Path.GetFileName(path);
            if (name is ManifestFile.FileName or ManifestFile.TemporaryName) continue;
            if (EntryStatus.Of(path).Kind != BackupEntryKind.Directory || Directory.EnumerateFileSystemEntries(path).Any()) return false;
            containers.Add(path);
        }
        foreach (var container in containers) Directory.Delete(container, recursive: false);
        File.Delete(Path.Join(runDirectory, ManifestFile.TemporaryName));
        File.Delete(Path.Join(runDirectory, ManifestFile.FileName));
        Directory.Delete(runDirectory, recursive: false);
        return true;
    }
}
