namespace CleanupTools.FileSystem;

/// <summary>
/// One worker's run of deletions under the same few storage roots: on Linux each root is opened (and its device
/// read) once for the session instead of once per target, which saves an open, a statx and a close per target.
/// A root is resolved (its configured path, which may be a link to a data volume) when the session first needs it,
/// as a session-less deletion resolves it per target; a run's sessions last one batch, so a root re-pointed during
/// a run is followed from the next batch on. Not for sharing between threads; dispose it when the worker is done
/// (it holds the roots' descriptors).
/// </summary>
public sealed class DeletionSession : IDisposable
{
    private readonly ITreeWalker _walker;
    private readonly Unix.OpenRoots? _roots;

    internal DeletionSession(ITreeWalker walker)
    {
        _walker = walker;
        if (walker is Unix.UnixTreeWalker) _roots = new Unix.OpenRoots();
    }

    /// <summary>As <see cref="SafeDeleter.Delete"/>, with the session's open roots.</summary>
    public DeletionOutcome Delete(DeletionTarget target, bool measureOnly) =>
        _walker is Unix.UnixTreeWalker unix ? unix.Delete(target, measureOnly, _roots) : _walker.Delete(target, measureOnly);

    public void Dispose() => _roots?.Dispose();
}
