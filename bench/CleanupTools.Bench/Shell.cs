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
