using CleanupTools.Configuration;
using CleanupTools.FileSystem;

namespace CleanupTools.Policies;

/// <summary>
/// A path hold with its pattern as written and as it is on disk. Holds are typed by people, often through a
/// linked directory (/data -> /mnt/vol1/data), while runs reach the same files through the configured roots;
/// comparing text alone would let a hold on one name miss the other. The pattern's leading plain segments
/// are resolved twice: with its last plain name kept (a hold on a link holds the link, which is what deletion
/// removes) and fully (a hold on a linked directory also holds what the directory leads to).
/// </summary>
internal sealed class PathHold
{
    private PathHold(CleanupHold hold, IReadOnlyList<GlobPattern> patterns)
    {
        Hold = hold;
        Patterns = patterns;
    }

    public CleanupHold Hold { get; }

    /// <summary>The pattern as written first, then its resolved forms that differ from it.</summary>
    public IReadOnlyList<GlobPattern> Patterns { get; }

    public static PathHold Create(CleanupHold hold)
    {
        var pattern = GlobPattern.Absolute(hold.Target, $"hold {hold.Id}");
        var patterns = new List<GlobPattern> { pattern };
        var literal = pattern.LiteralPrefixLength;
        if (literal == 0) return new PathHold(hold, patterns);
        var prefix = "/" + string.Join('/', GlobPattern.Split(pattern.Text).Take(literal));
        foreach (var real in Resolutions(prefix))
        {
            if (real == prefix || patterns.Any(p => p.Text == pattern.WithLiteralPrefix(literal, GlobPattern.Split(real)).Text)) continue;
            patterns.Add(pattern.WithLiteralPrefix(literal, GlobPattern.Split(real)));
        }
        return new PathHold(hold, patterns);
    }

    /// <summary>
    /// The real forms of a path, or none when it cannot be resolved (a link loop, an unreadable directory):
    /// the hold then still protects by its text, and deleting through such a path fails anyway.
    /// </summary>
    public static IEnumerable<string> Resolutions(string path)
    {
        try
        {
            return new[] { PathRelations.ResolveItem(path), PathRelations.Resolve(path) }.Distinct(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Array.Empty<string>();
        }
    }
}
