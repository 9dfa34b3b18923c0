namespace CleanupTools.FileSystem;

/// <summary>
/// The one component that removes anything from disk. It never follows a symbolic link (a link is removed as
/// a link), only descends into real directories, takes sizes from the same walk that deletes, and records a
/// failure on one entry without stopping at it. On Linux it works relative to open directory descriptors
/// (<see cref="Unix.UnixTreeWalker"/>); elsewhere through .NET's path APIs (<see cref="ManagedTreeWalker"/>).
/// </summary>
public static class SafeDeleter
{
    private static readonly ITreeWalker Walker = Unix.NodeStatus.IsSupported ? new Unix.UnixTreeWalker() : new ManagedTreeWalker();

    /// <summary>Deletes a target, or with <paramref name="measureOnly"/> reports what deleting it would free.</summary>
    public static DeletionOutcome Delete(DeletionTarget target, bool measureOnly) => Walker.Delete(target, measureOnly);

    /// <summary>A worker's deletions under the same roots, each root opened once for all of them (dispose it when done).</summary>
    public static DeletionSession OpenSession() => new(Walker);

    /// <summary>Sizes a whole tree without following links below it (storage statistics).</summary>
    public static TreeTally Measure(string directory) => Walker.Measure(directory);

    internal static string WalkerName => Walker.GetType().Name;

    internal static DeletionOutcome Outcome(DeletionTarget target, bool existed, bool isDirectory, bool isLink, bool measureOnly, TreeTally tally) => new()
    {
        Target = target,
        Existed = existed,
        WasDirectory = isDirectory,
        WasLink = isLink,
        Removed = !measureOnly && tally.Errors.Count == 0,
        Tally = tally,
    };
}
