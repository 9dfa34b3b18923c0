using CleanupTools.FileSystem;

namespace CleanupTools.Policies;

/// <summary>The holds in force at one instant: expired ones are ignored, and lookups are by job id and by path.</summary>
public sealed class HoldSet
{
    private readonly Dictionary<string, CleanupHold> _jobs = new(StringComparer.Ordinal);
    private readonly List<(CleanupHold Hold, GlobPattern Pattern)> _paths = new();

    public HoldSet(IEnumerable<CleanupHold> holds, DateTimeOffset now)
    {
        foreach (var hold in holds.Where(h => h.IsActive(now)))
        {
            if (hold.Kind == HoldKind.Job) _jobs.TryAdd(hold.Target, hold);
            else _paths.Add((hold, GlobPattern.Absolute(hold.Target, $"hold {hold.Id}")));
        }
    }

    public static HoldSet None { get; } = new(Array.Empty<CleanupHold>(), DateTimeOffset.MinValue);

    public int Count => _jobs.Count + _paths.Count;

    public CleanupHold? ForJob(string jobId) => _jobs.GetValueOrDefault(jobId);

    /// <summary>
    /// The hold that protects a path: one matching the path or a directory above it, or one that could match
    /// something inside it (deleting the directory would delete that too).
    /// </summary>
    public CleanupHold? ForPath(string fullPath)
    {
        if (_paths.Count == 0) return null;
        var segments = GlobPattern.Split(fullPath);
        foreach (var (hold, pattern) in _paths)
        {
            if (pattern.CouldMatchBelow(segments)) return hold;
            for (var depth = segments.Count; depth >= 1; depth--)
            {
                if (pattern.Matches(segments.Take(depth).ToArray())) return hold;
            }
        }
        return null;
    }

    public CleanupHold? ForTargets(IEnumerable<DeletionTarget> targets) =>
        targets.Select(t => ForPath(t.FullPath)).FirstOrDefault(h => h is not null);
}
