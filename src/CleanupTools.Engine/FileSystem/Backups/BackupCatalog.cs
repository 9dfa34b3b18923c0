using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Lists the runs of a backup root and purges the old ones. Only direct children of the root named like a
/// run id are ever considered, and they are removed through <see cref="SafeDeleter"/>, so a link planted in
/// a run directory is unlinked, never followed.
/// </summary>
public static class BackupCatalog
{
    /// <summary>Every run directory, oldest first; a run whose manifest is missing or malformed carries an Error instead of throwing.</summary>
    public static IReadOnlyList<BackupManifest> List(BackupRoot root)
    {
        var runs = new List<BackupManifest>();
        if (!Directory.Exists(root.Path)) return runs;
        foreach (var path in Directory.EnumerateFileSystemEntries(root.Path))
        {
            var name = Path.GetFileName(path);
            if (!RunId.IsValid(name)) continue; // not ours: never listed, never purged
            runs.Add(Read(root, name));
        }
        return runs
            .OrderBy(r => r.CreatedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Reconciles every run (see <see cref="BackupReconciler"/>; with <paramref name="measureOnly"/> only computed),
    /// then removes every run whose created_at is more than <paramref name="retention"/> before <paramref name="now"/>,
    /// or with <paramref name="measureOnly"/> only reports what that would free. A run is removed only when every
    /// entry in it is listed and settled: one holding anything the reconcile could not decide is kept for a human,
    /// and one another process holds (a run still moving into it) is not judged at all.
    /// </summary>
    public static PurgeOutcome Purge(BackupRoot root, TimeSpan retention, DateTimeOffset now, bool measureOnly)
    {
        var purged = new List<PurgedRun>();
        var kept = new List<BackupManifest>();
        var reconciled = new List<ReconcileOutcome>();
        foreach (var listed in List(root))
        {
            if (listed.Error is not null || listed.CreatedAt is null)
            {
                kept.Add(listed);
                continue;
            }
            using var held = RunDirectoryLock.Acquire(listed.RunDirectory, RunDirectoryLock.SpawnGrace, out var cannotOpen);
            if (held is null)
            {
                // Busy: a run is moving into it. Gone since it was listed: another purge or restore removed it.
                if (cannotOpen is not null && !EntryStatus.Of(listed.RunDirectory).Missing) kept.Add(listed with { Error = cannotOpen });
                continue;
            }
            // Read again under the lock: the listing may predate a move that has finished since. A run about to be
            // removed whole is judged on the computed result; only one that stays is rewritten.
            var settled = BackupReconciler.Settle(root, Read(root, listed.RunId), apply: false);
            var run = settled.Manifest;
            if (run.Error is not null || run.CreatedAt is not { } created)
            {
                kept.Add(run);
                continue;
            }
            var expired = now - created > retention;
            if (!expired && !measureOnly && settled.Changes.Count > 0) settled = BackupReconciler.Settle(root, Read(root, listed.RunId), apply: true);
            if (settled.Changes.Count + settled.Unresolved.Count + settled.Errors.Count > 0) reconciled.Add(settled);
            if (!expired) continue;
            if (settled.Unresolved.Count + settled.Errors.Count > 0 || run.Unlisted.Count > 0 || run.Entries.Any(e => e.State != BackupEntryState.Moved))
            {
                kept.Add(run with { Error = $"it holds entries that could not be reconciled ({string.Join("; ", settled.Unresolved.Concat(settled.Errors))})" });
                continue;
            }
            var target = new DeletionTarget(new StorageRoot("backups", root.Path), run.RunId, run.RunDirectory);
            var tally = SafeDeleter.Delete(target, measureOnly).Tally;
            purged.Add(new PurgedRun(run.RunId, created, run.Entries.Count, run.Entries.Count(e => e.Adopted), tally.Bytes, tally.Files, tally.Directories, tally.Errors));
        }
        return new PurgeOutcome { Purged = purged, KeptUnreadable = kept, Reconciled = reconciled };
    }

    /// <summary>One run directory: its manifest, and whatever sits on disk that the manifest does not list.</summary>
    internal static BackupManifest Read(BackupRoot root, string runId)
    {
        var directory = Path.Join(root.Path, runId);
        var status = EntryStatus.Of(directory);
        if (status.Kind != BackupEntryKind.Directory)
        {
            var what = status.Error ?? (status.Missing ? "it vanished" : $"it is a {ManifestFile.KindName(status.Kind!.Value)}, not a directory");
            return new BackupManifest(runId, directory, null, Array.Empty<BackupEntry>(), Array.Empty<string>(), what);
        }
        var manifest = ManifestFile.Read(directory, runId, out var error);
        var entries = manifest?.Entries ?? new List<BackupEntry>();
        return new BackupManifest(runId, directory, manifest?.CreatedAt, entries, Unlisted(directory, entries), error);
    }

    /// <summary>Everything in the run directory besides the manifest and the listed entries ("results/job-7").</summary>
    private static List<string> Unlisted(string directory, List<BackupEntry> entries)
    {
        var listed = entries.Select(e => e.BackupPath).ToHashSet(StringComparer.Ordinal);
        var unlisted = new List<string>();
        try
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = Path.GetFileName(path);
                if (name is ManifestFile.FileName or ManifestFile.TemporaryName) continue;
                // Only a real directory is looked into: a link here is itself unlisted, and never followed.
                if (EntryStatus.Of(path).Kind != BackupEntryKind.Directory)
                {
                    unlisted.Add(name);
                    continue;
                }
                foreach (var child in Directory.EnumerateFileSystemEntries(path))
                {
                    var relative = BackupEntryCheck.ExpectedBackupPath(name, Path.GetFileName(child));
                    if (!listed.Contains(relative)) unlisted.Add(relative);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unlisted.Add($"(cannot list {directory}: {e.Message})");
        }
        unlisted.Sort(StringComparer.Ordinal);
        return unlisted;
    }
}
