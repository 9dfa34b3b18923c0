using System.Diagnostics;
using System.Globalization;

namespace CleanupTools.Bench;

/// <summary>One timed child process: wall clock from spawn to exit, and its peak resident set.</summary>
/// <param name="TimedOut">The command overran its time limit and was killed (only with <c>killOnTimeout</c>); the
/// wall time is then the limit and the peak RSS the peak until the kill.</param>
public sealed record Measurement(double WallMs, double PeakRssMb, int ExitCode, bool TimedOut = false);

/// <summary>
/// Starts the timed commands identically for both sides: `/bin/sh -c 'exec /usr/bin/time -f %M -o STATS CMD...
/// &gt;OUT 2&gt;ERR'`, so the tool and rm pay the same launcher cost and neither pipes output through the
/// benchmark (which would compete for the 2 cores). Peak RSS is GNU time's %M (the child's ru_maxrss); without
/// /usr/bin/time the command is exec'd directly and VmHWM is polled from /proc/&lt;pid&gt;/status.
/// </summary>
public static class ChildProcess
{
    private const string GnuTime = "/usr/bin/time";
    public static readonly bool HasGnuTime = File.Exists(GnuTime);
    public static string RssSource => HasGnuTime ? "GNU time %M (ru_maxrss)" : "/proc/<pid>/status VmHWM, polled every 1 ms";

    private static readonly string[] ScrubbedPrefixes = { "CLEANUPTOOLS_", "EEMT_", "TEMP_STORAGE_CLEANUP_" };

    /// <param name="environment">Variables to set in the child, after the scrub (the streaming bench passes PGPASSWORD).</param>
    /// <param name="killOnTimeout">At the timeout, kill the command (not GNU time, which then still reports its peak
    /// RSS) and return a <see cref="Measurement"/> with TimedOut set, instead of failing the benchmark.</param>
    public static Measurement Run(string command, IReadOnlyList<string> arguments, string workingDirectory, string outputPrefix, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, bool killOnTimeout = false)
    {
        var stdout = outputPrefix + ".out";
        var stderr = outputPrefix + ".err";
        var stats = outputPrefix + ".rss";
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(HasGnuTime
            ? $"o=$1 e=$2 s=$3; shift 3; exec {GnuTime} -f %M -o \"$s\" \"$@\" >\"$o\" 2>\"$e\""
            : "o=$1 e=$2; shift 3; exec \"$@\" >\"$o\" 2>\"$e\"");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(stdout);
        start.ArgumentList.Add(stderr);
        start.ArgumentList.Add(stats);
        start.ArgumentList.Add(command);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The tool reads its settings from the environment too: only the command line may configure it here.
        foreach (var key in start.Environment.Keys.Where(k => ScrubbedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {command}");
        long polledKb = 0;
        var deadline = clock.Elapsed + timeout;
        var timedOut = false;
        if (HasGnuTime)
        {
            if (!process.WaitForExit(timeout))
            {
                if (!killOnTimeout) Kill(process, command, timeout);
                timedOut = true;
                KillCommandUnderTime(process);
            }
        }
        else
        {
            while (!process.WaitForExit(1))
            {
                polledKb = Math.Max(polledKb, ReadHwmKb(process.Id));
                if (clock.Elapsed <= deadline) continue;
                if (!killOnTimeout) Kill(process, command, timeout);
                timedOut = true;
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        clock.Stop();
        var rssKb = HasGnuTime ? ReadTimeKb(stats) : polledKb;
        return new Measurement(timedOut ? timeout.TotalMilliseconds : clock.Elapsed.TotalMilliseconds, rssKb / 1024.0, timedOut ? -1 : process.ExitCode, timedOut);
    }

    /// <summary>
    /// SIGKILLs the command GNU time is waiting for (its only child), so time still writes the command's peak RSS;
    /// the whole tree goes if that does not end it within 10 s.
    /// </summary>
    private static void KillCommandUnderTime(Process time)
    {
        try
        {
            foreach (var pid in ChildrenOf(time.Id))
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // the command ended by itself meanwhile, or /proc has no children file: the fallback below
        }
        if (!time.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            time.Kill(entireProcessTree: true);
            time.WaitForExit();
        }
    }

    private static void Kill(Process process, string command, TimeSpan timeout)
    {
        process.Kill(entireProcessTree: true);
        throw new BenchmarkFailure($"{command} did not finish within {timeout.TotalSeconds:0} s");
    }

    /// <summary>/proc/PID/task/PID/children where the kernel has it, else a scan of every /proc/N/stat for the parent.</summary>
    private static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var file = $"/proc/{pid}/task/{pid}/children";
        if (File.Exists(file))
            return File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid) children.Add(candidate);
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }
        return children;
    }

    /// <summary>GNU time writes "Command exited with non-zero status N" before the value when the command fails.</summary>
    private static long ReadTimeKb(string path)
    {
        if (!File.Exists(path)) return 0;
        var last = File.ReadAllLines(path).LastOrDefault(l => l.Trim().Length > 0);
        return last is not null && long.TryParse(last.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : 0;
    }

    private static long ReadHwmKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var digits = new string(line.Where(char.IsAsciiDigit).ToArray());
                return long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
            // exited between the wait and the read
        }
        return 0;
    }
}

/// <summary>A broken precondition or a wrong deletion: the run stops and says why.</summary>
public sealed class BenchmarkFailure(string message) : Exception(message);
