using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One cleanup run's backup directory, &lt;root&gt;/&lt;runId&gt;/, holding &lt;storage root name&gt;/&lt;entry&gt; and a
/// manifest. Every entry is recorded before it is moved: the manifest names it as <see cref="BackupEntryState.Moving"/>
/// (written, fsynced, directory flushed), the move follows (its directories flushed), and the next write (the next
/// job's intents, or <see cref="RecordMoves"/>) marks it moved. A run killed at any
/// moment therefore leaves every entry it touched listed with its job, and <see cref="BackupReconciler"/> settles
/// each intent from what is on disk. The run directory is locked while a call writes and moves, so a reconcile
/// elsewhere never judges a move still under way. Not thread-safe: one run, one caller.
/// </summary>
public sealed class BackupRun
{
    private readonly List<BackupEntry> _entries = new();
    private readonly bool _forceCopy;
    /// <summary>The manifest on disk lags <see cref="_entries"/>: moves done since the last write are not yet marked there.</summary>
    private bool _marksPending;

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
        // The run directory's own name must be on disk before anything inside it counts as recorded.
        DirectorySync.Flush(root.Path);
        var run = new BackupRun(root, runId, startedAt, directory, forceCopy);
        ManifestFile.Write(directory, runId, startedAt, run._entries);
        return run;
    }

    /// <summary>
    /// Moves <paramref name="target"/> into this run and records it. A missing target does nothing
    /// (<see cref="QuarantineOutcome.Existed"/> false); a failed move leaves the original in place.
    /// </summary>
    public QuarantineOutcome Quarantine(DeletionTarget target, string? jobId, string policy) =>
        Quarantine(new[] { target }, jobId, policy)[0];

    /// <summary>
    /// Moves one job's <paramref name="targets"/> into this run: all of them are recorded as intents in one
    /// manifest write before the first moves, and marked moved in one write after the last. An entry whose intent
    /// cannot be recorded is not moved. One outcome per target, in order.
    /// </summary>
    public IReadOnlyList<QuarantineOutcome> Quarantine(IReadOnlyList<DeletionTarget> targets, string? jobId, string policy)
    {
        var outcomes = new QuarantineOutcome[targets.Count];
        using var held = WaitForLock(out var notLocked);
        if (held is null)
        {
            for (var i = 0; i < targets.Count; i++) outcomes[i] = Failed(targets[i], $"not moved: {notLocked}");
            return outcomes;
        }

        var intents = new List<Intent>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (Prepare(targets[i], jobId, policy, out var intent) is { } outcome) outcomes[i] = outcome;
            else intents.Add(intent! with { Index = i });
        }
        if (intents.Count == 0) return outcomes;

        foreach (var intent in intents)
        {
            intent.Slot = _entries.Count;
            _entries.Add(intent.Entry);
        }
        if (TryWrite() is { } notRecorded)
        {
            _entries.RemoveRange(intents[0].Slot, intents.Count);
            _marksPending = true;
            foreach (var intent in intents) outcomes[intent.Index] = Failed(intent.Target, $"not moved: its intent could not be recorded in the manifest: {notRecorded}");
            return outcomes;
        }

        var flush = new HashSet<string>(StringComparer.Ordinal);
        foreach (var intent in intents)
        {
            intent.Method = TreeMover.Move(intent.Target.FullPath, intent.Destination, _forceCopy, intent.Errors, () => Record(intent, BackupEntryState.Copying));
            if (intent.Method == MoveMethod.Renamed)
            {
                flush.Add(intent.Target.Root.Path);
                flush.Add(Path.GetDirectoryName(intent.Destination)!);
            }
            else if (intent.Method == MoveMethod.Copied)
            {
                // The copy is whole and fsynced; recorded so before the original goes, a kill while removing it leaves a trusted backup.
                if (Record(intent, BackupEntryState.Copied) is { } error)
                {
                    intent.Errors.Add(error);
                    intent.Errors.AddRange(SafeDeleter.Delete(new DeletionTarget(new StorageRoot("backup copy", Path.GetDirectoryName(intent.Destination)!), intent.Target.Name, intent.Destination), measureOnly: false)
                        .Tally.Errors.Select(e => $"removing the unrecorded copy: {e}"));
                    intent.Method = MoveMethod.None;
                    continue;
                }
                intent.Errors.AddRange(SafeDeleter.Delete(intent.Target, measureOnly: false).Tally.Errors.Select(e => $"copied to the backup, but {e}"));
            }
        }
        foreach (var directory in flush)
        {
            try
            {
                DirectorySync.Flush(directory);
            }
            catch (IOException e)
            {
                foreach (var intent in intents.Where(i => i.Method == MoveMethod.Renamed && (i.Target.Root.Path == directory || i.Destination.StartsWith(directory, StringComparison.Ordinal))))
                    intent.Errors.Add($"moved, but {e.Message}");
            }
        }

        // The marks travel with the next call's intents (or RecordMoves): one manifest write per job, not two. Until
        // then the manifest says "moving" for entries that did move, which is exactly what a reconcile settles.
        foreach (var intent in intents) _entries[intent.Slot] = intent.Entry with { State = BackupEntryState.Moved };
        foreach (var intent in intents.Where(i => i.Method == MoveMethod.None).OrderByDescending(i => i.Slot)) _entries.RemoveAt(intent.Slot);
        _marksPending = true;
        // A failed move is rare and its intent would stay listed until then: dropped from the manifest at once.
        if (intents.Any(i => i.Method == MoveMethod.None)) TryWrite();
        foreach (var intent in intents)
        {
            var moved = intent.Method != MoveMethod.None;
            outcomes[intent.Index] = new QuarantineOutcome
            {
                Target = intent.Target,
                Existed = true,
                Moved = moved,
                Method = intent.Method,
                Entry = moved ? intent.Entry with { State = BackupEntryState.Moved } : null,
                Bytes = moved ? intent.Measured.Bytes : 0,
                Files = moved ? intent.Measured.Files : 0,
                Directories = moved ? intent.Measured.Directories : 0,
                Errors = intent.Errors,
            };
        }
        return outcomes;
    }

    /// <summary>
    /// Writes the moved marks (and dropped intents) the last call left in memory; null, or why it could not. A run
    /// killed before this leaves those entries as "moving" with the entry at its backup path, which a reconcile marks moved.
    /// </summary>
    public string? RecordMoves()
    {
        if (!_marksPending) return null;
        using var held = WaitForLock(out var notLocked);
        if (held is null) return notLocked;
        return TryWrite();
    }

    /// <summary>One entry between its intent and its outcome.</summary>
    private sealed record Intent(DeletionTarget Target, BackupEntry Entry, TreeTally Measured, string Destination)
    {
        public int Index { get; init; }
        public int Slot { get; set; }
        public MoveMethod Method { get; set; }
        public List<string> Errors { get; } = new();
    }

    /// <summary>Checks and measures one target; an outcome when it is not to be moved, else its intent.</summary>
    private QuarantineOutcome? Prepare(DeletionTarget target, string? jobId, string policy, out Intent? intent)
    {
        intent = null;
        if (PathGuard.Problem(target.Root.Name) is not null || PathGuard.Problem(target.Name) is not null
            || Path.Join(target.Root.Path, target.Name) != target.FullPath)
            return Failed(target, $"refusing to quarantine '{StorageRoot.Printable(target.FullPath)}': it is not a single entry directly inside its root");

        var status = EntryStatus.Of(target.FullPath);
        if (status.Missing) return new QuarantineOutcome { Target = target, Existed = false, Errors = Array.Empty<string>() };
        if (status.Error is not null) return Failed(target, status.Error);

        // Sizes come from a walk that never follows links, like deletion's own figures.
        var measured = SafeDeleter.Delete(target, measureOnly: true).Tally;
        var container = Path.Join(Directory, target.Root.Name);
        try
        {
            CreatePrivateDirectory(container, mayExist: true, allowLink: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(target, $"cannot create {container}: {e.Message}");
        }
        var entry = new BackupEntry(
            target.Root.Name, target.Name, target.FullPath, BackupEntryCheck.ExpectedBackupPath(target.Root.Name, target.Name),
            jobId, policy, status.Kind!.Value, measured.Bytes, measured.Files, measured.Directories, status.LastWriteUtc, DateTimeOffset.UtcNow)
        {
            State = BackupEntryState.Moving,
        };
        intent = new Intent(target, entry, measured, Path.Join(container, target.Name));
        return null;
    }

    private string? Record(Intent intent, BackupEntryState state)
    {
        _entries[intent.Slot] = intent.Entry with { State = state };
        return TryWrite() is { } error ? $"not copied: the manifest could not record the copy: {error}" : null;
    }

    private string? TryWrite()
    {
        try
        {
            ManifestFile.Write(Directory, RunId, StartedAt, _entries);
            _marksPending = false;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Waits for a restore or reconcile in another process to let go of the run directory; null with why not.</summary>
    private RunDirectoryLock? WaitForLock(out string? notLocked)
    {
        var held = RunDirectoryLock.Acquire(Directory, RunDirectoryLock.HolderWait, out var cannotOpen);
        notLocked = held is not null ? null
            : cannotOpen ?? $"the backup run directory '{Directory}' stayed locked by another process for {RunDirectoryLock.HolderWait.TotalSeconds:0} s";
        return held;
    }

    private static QuarantineOutcome Failed(DeletionTarget target, string error) =>
        new() { Target = target, Existed = true, Errors = new[] { error } };

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
