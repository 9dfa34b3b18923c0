using System.Globalization;

namespace CleanupTools.Bench;

/// <summary>
/// The tool's `[PHASES]` line (printed on stderr when CLEANUPTOOLS_PHASE_TIMES=1): milliseconds per phase of its
/// calling thread from Main on, and of its workers summed. What the process spent before Main and after the line
/// (runtime start-up, exit) is the wall time this benchmark measured less the line's total.
/// </summary>
public static class ToolPhases
{
    public const string Variable = "CLEANUPTOOLS_PHASE_TIMES";

    /// <summary>The columns of the phase table: calling-thread phases that add up to the tool's wall time.</summary>
    public static readonly (string Key, string Title)[] Shares =
    {
        ("process", "start-up+exit"),
        ("open", "parse+open store"),
        ("prepare", "prepare"),
        ("guard", "guard"),
        ("select", "read+select"),
        ("plan", "plan"),
        ("wait", "deletion wait"),
        ("record", "record"),
        ("report", "report"),
        ("finish+other", "other"),
    };

    private static readonly string[] Keys = Shares.Select(s => s.Key).Concat(new[] { "workers.delete", "workers.recheck" }).ToArray();

    public static Dictionary<string, double> Read(string stderrPath, double wallMs)
    {
        var line = File.ReadLines(stderrPath).LastOrDefault(l => l.StartsWith("[PHASES] ", StringComparison.Ordinal));
        // A build of the tool from before the phase line (to compare with): its phases are unknown, not zero.
        if (line is null) return Keys.ToDictionary(k => k, _ => double.NaN);
        var values = line["[PHASES] ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        values["process"] = wallMs - values["total"];
        values["finish+other"] = values["finish"] + values["other"];
        return values;
    }
}
