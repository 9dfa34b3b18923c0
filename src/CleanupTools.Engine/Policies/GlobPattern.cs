using System.Text;
using System.Text.RegularExpressions;
using CleanupTools.Configuration;

namespace CleanupTools.Policies;

/// <summary>
/// A '/'-separated glob: '*' and '?' within one segment, '**' for any number of segments. Besides plain
/// matching it answers what a hold needs and no glob library offers: could anything *below* this directory
/// match? Deleting a directory deletes everything a hold inside it protects.
/// </summary>
public sealed class GlobPattern
{
    private const int MaxLength = 1024;
    private const int MaxSegments = 32;
    private readonly Segment[] _segments;

    private GlobPattern(string text, Segment[] segments, bool absolute)
    {
        Text = text;
        _segments = segments;
        IsAbsolute = absolute;
    }

    public string Text { get; }
    public bool IsAbsolute { get; }

    /// <summary>A pattern relative to a root (path classes): never rooted, never climbing out with '..'.</summary>
    public static GlobPattern Relative(string? text, string owner)
    {
        if (Problem(text, relative: true) is { } problem) throw Invalid(text, owner, problem);
        return new GlobPattern(text!, Parse(text!), absolute: false);
    }

    /// <summary>An absolute pattern (path holds), without its trailing slash.</summary>
    public static GlobPattern Absolute(string? text, string owner)
    {
        if (Problem(text, relative: false) is { } problem) throw Invalid(text, owner, problem);
        var trimmed = text!.TrimEnd('/');
        return new GlobPattern(trimmed, Parse(trimmed.TrimStart('/')), absolute: true);
    }

    public static void Validate(string? text, string owner) => Relative(text, owner);

    /// <summary>Whether the path (segments from the root, or from '/' for absolute patterns) matches.</summary>
    public bool Matches(IReadOnlyList<string> path) => Match(0, path, 0, below: false, new bool?[_segments.Length + 1, path.Count + 1]);

    /// <summary>Whether some path strictly below the given one could match.</summary>
    public bool CouldMatchBelow(IReadOnlyList<string> path) => Match(0, path, 0, below: true, new bool?[_segments.Length + 1, path.Count + 1]);

    /// <summary>How many leading segments are plain names without a wildcard: the part of a pattern that names real directories.</summary>
    public int LiteralPrefixLength => Split(Text).TakeWhile(s => s.IndexOfAny(new[] { '*', '?' }) < 0).Count();

    /// <summary>
    /// This pattern with its first <paramref name="replaced"/> segments swapped for the plain names in
    /// <paramref name="prefix"/> (a resolved real path). The names are matched literally: a real directory
    /// may contain '*', '[' or anything else a pattern would refuse or read as a wildcard.
    /// </summary>
    internal GlobPattern WithLiteralPrefix(int replaced, IReadOnlyList<string> prefix)
    {
        var literal = prefix.Select(name => new Segment(false, new Regex($"^{Regex.Escape(name)}$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1))));
        var text = "/" + string.Join('/', prefix.Concat(Split(Text).Skip(replaced)));
        return new GlobPattern(text, literal.Concat(_segments.Skip(replaced)).ToArray(), IsAbsolute);
    }

    public static IReadOnlyList<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => Text;

    // Memoised on (pattern position, path position): '**' segments would otherwise make hostile patterns exponential.
    private bool Match(int p, IReadOnlyList<string> path, int s, bool below, bool?[,] memo)
    {
        if (memo[p, s] is { } known) return known;
        bool result;
        if (s == path.Count)
            result = below ? p < _segments.Length : _segments.Skip(p).All(x => x.AnyDepth);
        else if (p == _segments.Length)
            result = false;
        else if (_segments[p].AnyDepth)
            result = Match(p + 1, path, s, below, memo) || Match(p, path, s + 1, below, memo);
        else
            result = _segments[p].Regex.IsMatch(path[s]) && Match(p + 1, path, s + 1, below, memo);
        memo[p, s] = result;
        return result;
    }

    private static string? Problem(string? text, bool relative)
    {
        if (string.IsNullOrWhiteSpace(text)) return "is empty";
        if (text.Length > MaxLength) return $"is longer than {MaxLength} characters";
        if (text.Contains('\0')) return "contains a NUL character";
        if (text.Any(char.IsControl)) return "contains a control character";
        if (text.Contains('\\')) return "contains a backslash; use '/' to separate directories";
        var rooted = text.StartsWith('/') || text.StartsWith('~') || (text.Length >= 2 && text[1] == ':') || Path.IsPathRooted(text);
        if (relative && rooted) return "is rooted; patterns are relative to the policy's root";
        if (!relative && !text.StartsWith('/')) return "is not absolute; a path hold names a full path such as /data/results/job-1";
        if (text.IndexOfAny(new[] { '[', '{' }) is var at and >= 0) return $"uses '{text[at]}'; only '*', '?' and '**' are wildcards";
        var body = relative ? text : text.Trim('/');
        if (body.Length == 0) return "is the file-system root";
        var segments = body.Split('/');
        if (segments.Length > MaxSegments) return $"has more than {MaxSegments} segments";
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return "has an empty segment ('//' or a trailing '/')";
            if (segment.Trim().Length == 0) return "has a blank segment";
            if (segment is "." or "..") return $"has a '{segment}' segment; patterns may not climb out of their root";
            if (segment.Contains("**") && segment != "**") return "uses '**' inside a segment; '**' must stand alone between slashes";
        }
        return null;
    }

    private static Segment[] Parse(string text) =>
        text.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s == "**" ? new Segment(true, null!) : new Segment(false, ToRegex(s))).ToArray();

    private static Regex ToRegex(string segment)
    {
        var regex = new StringBuilder("^");
        foreach (var c in segment)
        {
            regex.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                _ => Regex.Escape(c.ToString()),
            });
        }
        // Case-sensitive, as the file systems this runs on are; a dot file is matched like any other.
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    private static ConfigurationException Invalid(string? text, string owner, string problem) =>
        new($"The pattern '{Printable(text)}' of {owner} {problem}.");

    private static string Printable(string? text) =>
        text is null ? "" : new string(text.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 200 ? "..." : "");

    private sealed record Segment(bool AnyDepth, Regex Regex);
}
