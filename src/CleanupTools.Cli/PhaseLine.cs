using System.Diagnostics;
using System.Globalization;
using CleanupTools.Operations.Runs;

namespace CleanupTools.Cli;

/// <summary>
/// With CLEANUPTOOLS_PHASE_TIMES=1, `run` ends with one line on stderr saying where its time went (bench/ reads it):
/// the process's own time from Main (start-up before Main is the benchmark's wall time less this total), the
/// calling thread's phases, and the workers' phases summed over the workers. Off by default: it is for measuring.
/// </summary>
internal static class PhaseLine
{
    public const string Variable = "CLEANUPTOOLS_PHASE_TIMES";

    /// <summary>When Main began (set first thing by Program).</summary>
    public static long MainStarted { get; set; }

    public static bool Wanted => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <param name="runStarted">When the command began to build its run (after parsing, with the store open).</param>
    public static void Print(RunPhaseTimes phases, long runStarted)
    {
        var now = Stopwatch.GetTimestamp();
        var times = phases.Snapshot();
        var workers = new[] { RunPhase.Recheck, RunPhase.Delete };
        var total = Stopwatch.GetElapsedTime(MainStarted, now);
        var open = Stopwatch.GetElapsedTime(MainStarted, runStarted);
        var calling = times.Where(t => !workers.Contains(t.Phase)).ToArray();
        var other = total - open - calling.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Time);
        var parts = new List<string> { $"total={Ms(total)}", $"open={Ms(open)}" };
        parts.AddRange(calling.Select(t => $"{Name(t.Phase)}={Ms(t.Time)}"));
        parts.Add($"other={Ms(other)}");
        parts.AddRange(times.Where(t => workers.Contains(t.Phase)).Select(t => $"workers.{Name(t.Phase)}={Ms(t.Time)}"));
        Console.Error.WriteLine($"[PHASES] {string.Join(' ', parts)}");
    }

    private static string Name(RunPhase phase) => phase.ToString().ToLowerInvariant();

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
