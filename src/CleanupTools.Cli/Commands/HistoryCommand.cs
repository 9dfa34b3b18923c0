using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Reports;
using CleanupTools.Stores;
using CleanupTools.Time;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools history`: the audit trail (cleanup_audit), newest first.</summary>
public static class HistoryCommand
{
    public static Command Create(CommonOptions common)
    {
        var since = new Option<string?>("--since") { Description = "Only entries at or after this time (e.g. 2026-11-01)." };
        var until = new Option<string?>("--until") { Description = "Only entries at or before this time." };
        var job = new Option<string?>("--job") { Description = "Only entries about this job id." };
        var run = new Option<string?>("--run") { Description = "Only entries of this run id." };
        var outcome = new Option<string?>("--outcome") { Description = "Only entries with this outcome (Deleted, Partial, Failed, Quarantined, Restored, Purged, Changed, Completed, CompletedWithErrors, Stopped)." };
        var limit = new Option<string?>("--limit") { Description = $"At most this many entries, 1 to {HistoryService.MaxLimit} (default {HistoryService.DefaultLimit})." };
        var json = new Option<bool>("--json") { Description = "Print the entries as JSON." }.In(HelpSections.Output);
        var stats = new Option<bool>("--stats") { Description = "Print totals over the runs instead of the entries." };
        var command = new Command("history", "Show what cleanup runs did, from the audit trail (cleanup_audit).");
        common.AddTo(command, OptionGroups.StoreAccess);
        foreach (var option in new Option[] { since, until, job, run, outcome, limit, json, stats }) command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(_ =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var query = new AuditQuery
            {
                Since = Time(parse.GetValue(since), "--since"),
                Until = Time(parse.GetValue(until), "--until"),
                JobId = parse.GetValue(job),
                RunId = parse.GetValue(run),
                Outcome = parse.GetValue(outcome),
                Limit = parse.GetValue(limit) is { } l ? SettingValueParser.ParseInt("--limit", l, 1, HistoryService.MaxLimit) : HistoryService.DefaultLimit,
            };
            if (parse.GetValue(stats))
            {
                PrintStatistics(HistoryService.Statistics(context, query.Since), parse.GetValue(json));
                return ExitCodes.Success;
            }
            var entries = HistoryService.Get(context, query);
            if (parse.GetValue(json)) TextReport.WriteJson(stream => AuditJson.Write(stream, entries));
            else foreach (var entry in entries) Console.Out.WriteLine(TextReport.Audit(entry));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static void PrintStatistics(CleanupStatistics statistics, bool json)
    {
        if (json)
        {
            TextReport.WriteJson(stream => AuditJson.Write(stream, statistics));
            return;
        }
        Console.Out.Write(TextReport.Statistics(statistics));
    }

    private static DateTimeOffset? Time(string? text, string option) =>
        text is null ? null
        : TimestampParser.TryParseText(text, out var at) ? at
        : throw new ConfigurationException($"{option} must be a date or date and time such as 2026-11-01 or 2026-11-01T02:00:00Z (got '{text}').");
}
