using System.Diagnostics;
using System.Globalization;

namespace CleanupTools.Tests.Support;

/// <summary>
/// What deleting a path frees on disk as the engine counts it, measured independently of the engine by find(1):
/// the allocated blocks of every file and directory, each hard-linked file once, symbolic links never followed
/// and counted as zero (the walkers count a link as a file of zero bytes). The walkers' byte counts are checked
/// against it rather than against file lengths.
/// </summary>
public static class DiskUsage
{
    public static long Of(string path) => Each(path)[0];

    /// <summary>With <paramref name="includeBelow"/> false, the path's own blocks only.</summary>
    public static long Of(string path, bool includeBelow) => includeBelow ? Of(path) : Each(new[] { path }, maxDepth: 0)[0];

    /// <summary>One figure per path, in order, from one run of find (a file linked from two of them counts in the first).</summary>
    public static long[] Each(params string[] paths) => Each(paths, maxDepth: null);

    private static long[] Each(string[] paths, int? maxDepth)
    {
        var depth = maxDepth is { } d ? new[] { "-maxdepth", d.ToString(CultureInfo.InvariantCulture) } : Array.Empty<string>();
        var find = Process.Start(new ProcessStartInfo("find", new[] { "-P" }.Concat(paths).Concat(depth).Concat(new[] { "!", "-type", "l", "-printf", "%H\\t%i\\t%n\\t%b\\n" }))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = find.StandardOutput.ReadToEnd();
        var error = find.StandardError.ReadToEnd();
        find.WaitForExit();
        if (find.ExitCode != 0) throw new InvalidOperationException($"find {string.Join(' ', paths)} failed: {error}");
        var figures = new long[paths.Length];
        var seen = new HashSet<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields[2] != "1" && !seen.Add(fields[1])) continue;
            figures[Array.IndexOf(paths, fields[0])] += long.Parse(fields[3], CultureInfo.InvariantCulture) * 512;
        }
        return figures;
    }
}
