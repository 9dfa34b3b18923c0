using System.Collections.Concurrent;
using CleanupTools.FileSystem;

namespace CleanupTools.Policies;

/// <summary>The holds in force at one instant: expired ones are ignored, and lookups are by job id and by path.</summary>
public sealed class HoldSet
{
    private readonly Dictionary<string, CleanupHold> _jobs = new(StringComparer.Ordinal);
    private readonly List<PathHold> _paths = new();

    /// <summary>Real directories of the items decided, so a job's or a class's many entries resolve their directory once.</summary>
    private readonly ConcurrentDictionary<string, string?> _realDirectories = new(StringComparer.Ordinal);

    public HoldSet(IEnumerable<CleanupHold> holds, DateTimeOffset now)
    {
        foreach (var hold in holds.Where(h => h.IsActive(now)))
        {
            if (hold.Kind == HoldKind.Job) _jobs.TryAdd(hold.Target, hold);
            else _paths.Add(PathHold.Create(hold));
        }
    }

    public static HoldSet None { get; } = new(Array.Empty<CleanupHold>(), DateTimeOffset.MinValue);

    public int Count => _jobs.Count + _paths.Count;

    public CleanupHold? ForJob(string jobId) => _jobs.GetValueOrDefault(jobId);

    /// <summary>
    /// The hold that protects a path: one matching the path or a directory above it, or one that could match
    /// something inside it (deleting the directory would delete that too). The path is compared as given and
    /// with its directory resolved (its own name is not followed, as deletion does not follow it), against
    /// each hold as written and resolved: a hold typed through a link protects the real path, and the reverse.
    /// </summary>
    public CleanupHold? ForPath(string fullPath)
    {
        if (_paths.Count == 0) return null;
        var forms = new List<IReadOnlyList<string>> { GlobPattern.Split(fullPath) };
        if (RealItem(fullPath) is { } real && real != fullPath) forms.Add(GlobPattern.Split(real));
        foreach (var hold in _paths)
        {
            foreach (var pattern in hold.Patterns)
            {
                if (forms.Any(segments => Protects(pattern, segments))) return hold.Hold;
            }
        }
        return null;
    }

    private static bool Protects(GlobPattern pattern, IReadOnlyList<string> segments)
    {
        if (pattern.CouldMatchBelow(segments)) return true;
        for (var depth = segments.Count; depth >= 1; depth--)
        {
            if (pattern.Matches(segments.Take(depth).ToArray())) return true;
        }
        return false;
    }

    private string? RealItem(string fullPath)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(fullPath);
        if (Path.GetDirectoryName(trimmed) is not { } directory) return null;
        var realDirectory = _realDirectories.GetOrAdd(directory, d => PathHold.Resolutions(d).LastOrDefault());
        return realDirectory is null ? null : Path.Join(realDirectory, Path.GetFileName(trimmed));
    }

    public CleanupHold? ForTargets(IEnumerable<DeletionTarget> targets) =>
        targets.Select(t => ForPath(t.FullPath)).FirstOrDefault(h => h is not null);
}
