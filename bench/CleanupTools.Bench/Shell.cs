using System.Diagnostics;

namespace CleanupTools.Bench;

/// <summary>Small blocking helpers for the streaming benchmark (never timed).</summary>
public static class Shell
{
    public static void Exec(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new BenchmarkFailure($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Trim()}");
    }

    /// <summary>
    /// The allocated bytes (du's block counts: files and directories, each inode once) under the given paths of
    /// <paramref name="root"/>: what the tool reports as freed. du runs in chunks that stay within ARG_MAX.
    /// </summary>
    public static long AllocatedBytes(string root, IReadOnlyList<string> paths)
    {
        long total = 0;
        foreach (var chunk in paths.Chunk(2000))
        {
            var start = new ProcessStartInfo("du") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            foreach (var argument in new[] { "-s", "-c", "-B1", "--" }.Concat(chunk)) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new BenchmarkFailure($"du exited {process.ExitCode}: {error.Trim()}");
            var last = output.TrimEnd().Split('\n')[^1];
            total += long.Parse(last.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        return total;
    }

    public static void DeleteTree(string path)
    {
        if (Directory.Exists(path)) Exec("rm", "-rf", "--", path);
    }

    public static string FileSystemType(string path)
    {
        try
        {
            var start = new ProcessStartInfo("stat", new[] { "-f", "-c", "%T", path }) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var type = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return type.Length > 0 ? type : "unknown fs";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown fs";
        }
    }

    public static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]} / {fields[1]} / {fields[2]} (1/5/15 min)";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static string Tail(string path)
    {
        if (!File.Exists(path)) return "(no output)";
        var lines = File.ReadLines(path).TakeLast(5).ToList();
        return lines.Count == 0 ? "(no output)" : string.Join(" | ", lines);
    }
}
