using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One cleanup run's backup directory, &lt;root&gt;/&lt;runId&gt;/, holding &lt;storage root name&gt;/&lt;entry&gt; and a
/// manifest. Each entry is moved first and recorded second, and the manifest is rewritten atomically after
/// every entry, so a run killed at any moment leaves a manifest listing what it moved (at most the last entry
/// is on disk but unlisted, which <see cref="BackupCatalog"/> reports). Not thread-safe: one run, one caller.
/// </summary>
public sealed class BackupRun
{
    private readonly List<BackupEntry> _entries = new();
    private readonly bool _forceCopy;

    private BackupRun(BackupRoot root, string runId, DateTimeOffset startedAt, string directory, bool forceCopy)
    {
        Root = root;
        RunId = runId;
        StartedAt = startedAt;
        Directory = directory;
        _forceCopy = forceCopy;
    }

    public BackupRoot Root { get; }
    public string RunId { get; }
    public DateTimeOffset StartedAt { get; }
    /// <summary>&lt;root&gt;/&lt;runId&gt;.</summary>
    public string Directory { get; }
    public IReadOnlyList<BackupEntry> Entries => _entries;

    /// <summary>Creates the run directory (and the backup root, mode 0700, when missing) with an empty manifest.</summary>
    /// <exception cref="ArgumentException">The run id is not 1..64 letters, digits, '-' or '_'.</exception>
    /// <exception cref="IOException">The run directory already exists or cannot be created.</exception>
    public static BackupRun Begin(BackupRoot root, string runId, DateTimeOffset startedAt) => Begin(root, runId, startedAt, forceCopy: false);

    /// <summary><paramref name="forceCopy"/> takes the cross-device copy path even on one file system (tests).</summary>
    internal static BackupRun Begin(BackupRoot root, string runId, DateTimeOffset startedAt, bool forceCopy)
    {
        if (!FileSystem.Backups.RunId.IsValid(runId))
            throw new ArgumentException($"The backup run id '{StorageRoot.Printable(runId)}' must be 1 to {FileSystem.Backups.RunId.MaxLength} letters, digits, '-' or '_'.", nameof(runId));
        // Backups hold other users' job data: only the owner may look inside.
        CreatePrivateDirectory(root.Path, mayExist: true, allowLink: true);
        var directory = Path.Join(root.Path, runId);
        CreatePrivateDirectory(directory, mayExist: false, allowLink: false);
        var run = new BackupRun(root, runId, startedAt, directory, forceCopy);
        ManifestFile.Write(directory, runId, startedAt, run._entries);
        return run;
    }

    /// <summary>
    /// Moves <paramref name="target"/> into this run and records it. A missing target does nothing
    /// (<see cref="QuarantineOutcome.Existed"/> false); a failed move leaves the original in place.
    /// </summary>
    public QuarantineOutcome Quarantine(DeletionTarget target, string? jobId, string policy)
    {
        var errors = new List<string>();
        if (PathGuard.Problem(target.Root.Name) is not null || PathGuard.Problem(target.Name) is not null
            || Path.Join(target.Root.Path, target.Name) != target.FullPath)
        {
            errors.Add($"refusing to quarantine '{StorageRoot.Printable(target.FullPath)}': it is not a single entry directly inside its root");
            return new QuarantineOutcome { Target = target, Existed = true, Errors = errors };
        }

        var status = EntryStatus.Of(target.FullPath);
        if (status.Missing) return new QuarantineOutcome { Target = target, Existed = false, Errors = errors };
        if (status.Error is not null)
        {
            errors.Add(status.Error);
            return new QuarantineOutcome { Target = target, Existed = true, Errors = errors };
        }

        // Sizes come from a walk that never follows links, like deletion's own figures.
        var measured = SafeDeleter.Delete(target, measureOnly: true).Tally;
        var container = Path.Join(Directory, target.Root.Name);
        try
        {
            CreatePrivateDirectory(container, mayExist: true, allowLink: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"cannot create {container}: {e.Message}");
            return new QuarantineOutcome { Target = target, Existed = true, Errors = errors };
        }

        var destination = Path.Join(container, target.Name);
        var method = TreeMover.Move(target.FullPath, destination, _forceCopy, errors);
        if (method == MoveMethod.None)
            return new QuarantineOutcome { Target = target, Existed = true, Errors = errors };
        if (method == MoveMethod.Copied)
            errors.AddRange(SafeDeleter.Delete(target, measureOnly: false).Tally.Errors.Select(e => $"copied to the backup, but {e}"));

        var entry = new BackupEntry(
            target.Root.Name, target.Name, target.FullPath, BackupEntryCheck.ExpectedBackupPath(target.Root.Name, target.Name),
            jobId, policy, status.Kind!.Value, measured.Bytes, measured.Files, measured.Directories, status.LastWriteUtc, DateTimeOffset.UtcNow);
        _entries.Add(entry);
        try
        {
            ManifestFile.Write(Directory, RunId, StartedAt, _entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The entry is safe on disk; the catalog reports it as unlisted until a later rewrite records it.
            errors.Add($"moved to {destination}, but the manifest could not be written: {e.Message}");
        }
        return new QuarantineOutcome
        {
            Target = target,
            Existed = true,
            Moved = true,
            Method = method,
            Entry = entry,
            Bytes = measured.Bytes,
            Files = measured.Files,
            Directories = measured.Directories,
            Errors = errors,
        };
    }

    /// <summary>mkdir with mode 0700; only the configured backup root may be a link (to a volume), never what is inside it.</summary>
    internal static void CreatePrivateDirectory(string path, bool mayExist, bool allowLink)
    {
        var status = EntryStatus.Of(path);
        if (!status.Missing)
        {
            if (!mayExist) throw new IOException($"The backup run directory '{path}' already exists.");
            if (status.Kind == BackupEntryKind.Directory) return;
            if (allowLink && status.Kind == BackupEntryKind.Link && System.IO.Directory.Exists(path)) return;
            throw new IOException($"'{path}' exists and is not a directory.");
        }
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(path);
        else System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
