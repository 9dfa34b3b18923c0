using static CleanupTools.FileSystem.Unix.LibC;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// The storage roots a <see cref="DeletionSession"/> has opened, by configured path, with each one's status as read
/// through its descriptor when it was opened. A root that could not be opened is not kept, so it is tried again.
/// </summary>
internal sealed class OpenRoots : IDisposable
{
    private readonly Dictionary<string, (int Fd, NodeStatus Status)> _open = new(StringComparer.Ordinal);

    public bool TryGet(string path, out int fd, out NodeStatus status)
    {
        var found = _open.TryGetValue(path, out var root);
        fd = root.Fd;
        status = root.Status;
        return found;
    }

    /// <summary>Keeps <paramref name="fd"/> until the session ends; the caller must no longer close it.</summary>
    public void Add(string path, int fd, in NodeStatus status) => _open[path] = (fd, status);

    public void Dispose()
    {
        foreach (var (fd, _) in _open.Values) close(fd);
        _open.Clear();
    }
}
