namespace CleanupTools.FileSystem.PathClasses;

/// <summary>
/// One streaming scan of a path class root. <see cref="Entries"/> walks the disk as it is enumerated and may
/// be enumerated once; <see cref="Errors"/> and <see cref="Examined"/> grow as it goes, so read them after.
/// </summary>
public sealed class PathClassScan
{
    private readonly IEnumerable<PathClassEntry> _entries;
    private bool _enumerated;

    internal PathClassScan(string root, Func<PathClassScan, IEnumerable<PathClassEntry>> entries)
    {
        Root = root;
        _entries = entries(this);
    }

    public string Root { get; }

    /// <summary>The configured root does not exist: nothing to clean, and not an error.</summary>
    public bool RootMissing { get; internal set; }

    /// <summary>Directories that could not be read, or why the root was refused; the scan goes on past the former.</summary>
    public List<string> Errors { get; } = new();

    /// <summary>Directory entries looked at so far, matched or not (progress, and proof that the scan streams).</summary>
    public long Examined { get; internal set; }

    public IEnumerable<PathClassEntry> Entries
    {
        get
        {
            // A second pass would re-walk the disk and append every error again.
            if (_enumerated) throw new InvalidOperationException("A path class scan can be enumerated only once; scan again instead.");
            _enumerated = true;
            return _entries;
        }
    }
}
