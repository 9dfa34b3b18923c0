using CleanupTools.Configuration;

namespace CleanupTools.FileSystem.PathClasses;

/// <summary>
/// One validated glob of a path class, relative to its root with '/' separators. Wildcards are those of
/// Microsoft.Extensions.FileSystemGlobbing: '*' within a segment and '**' across segments. That library takes
/// '?', '[...]' and '{...}' literally, so they are refused here rather than silently never matching.
/// </summary>
public sealed record PathPattern
{
    public const int MaxLength = 1024;
    public const int MaxSegments = 32;

    private PathPattern(string text) => Text = text;

    public string Text { get; }

    public static PathPattern Parse(string? pattern)
    {
        if (Problem(pattern) is { } problem)
            throw new ConfigurationException($"The path pattern '{Printable(pattern)}' {problem}.");
        return new PathPattern(pattern!);
    }

    public override string ToString() => Text;

    private static string? Problem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return "is empty";
        if (pattern.Length > MaxLength) return $"is longer than {MaxLength} characters";
        if (pattern.Contains('\0')) return "contains a NUL character";
        if (pattern.Any(char.IsControl)) return "contains a control character";
        if (pattern.Contains('\\')) return "contains a backslash; use '/' to separate directories";
        if (pattern[0] == '/' || pattern[0] == '~' || (pattern.Length >= 2 && pattern[1] == ':') || Path.IsPathRooted(pattern))
            return "is rooted; patterns are relative to the path class root";
        if (pattern.IndexOfAny(new[] { '?', '[', ']', '{', '}' }) is var at and >= 0)
            return $"uses '{pattern[at]}', which the glob matcher does not support (only '*' and '**' are wildcards)";
        var segments = pattern.Split('/');
        if (segments.Length > MaxSegments) return $"has more than {MaxSegments} segments";
        foreach (var segment in segments)
        {
            if (segment.Length == 0) return "has an empty segment ('//' or a trailing '/')";
            if (segment is "." or "..") return $"has a '{segment}' segment; patterns may not leave or restate their directory";
            if (segment.Trim().Length == 0) return "has a blank segment";
        }
        return null;
    }

    private static string Printable(string? text) =>
        text is null ? "" : new string(text.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 200 ? "..." : "");
}
