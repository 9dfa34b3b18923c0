using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Reports;
using CleanupTools.Time;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools hold add|list|remove`: protections that beat every policy until removed or expired.</summary>
public static class HoldCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("hold", "Protect jobs or paths from every policy (add), list the holds (list), or remove them (remove).");
        command.Subcommands.Add(CreateAdd(common));
        command.Subcommands.Add(CreateList(common));
        command.Subcommands.Add(CreateRemove(common));
        return command;
    }

    private static Command CreateAdd(CommonOptions common)
    {
        var job = new Option<string[]>("--job") { Description = "Job id to hold (repeatable).", AllowMultipleArgumentsPerToken = true };
        // Not resolved against the working directory: under cron that is arbitrary, and a hold must name its place exactly.
        var path = new Option<string[]>("--path") { Description = "Absolute path or pattern (*, ?, **) to hold (repeatable).", AllowMultipleArgumentsPerToken = true };
        var reason = new Option<string>("--reason") { Description = "Why the data must stay.", Required = true };
        var expires = new Option<string?>("--expires") { Description = "When the hold ends, e.g. 2026-12-31 or 2026-12-31T18:00:00Z (default: never)." };
        var hours = new Option<string?>("--for-hours") { Description = "How many hours the hold lasts from now." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the hold without storing it." };
        var command = new Command("add", "Add a hold on jobs or paths (stored in cleanup_holds).");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Verbose);
        foreach (var option in new Option[] { job, path, reason, expires, hours, dryRun }) command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            var jobs = parse.GetValue(job) ?? Array.Empty<string>();
            var paths = parse.GetValue(path) ?? Array.Empty<string>();
            if (jobs.Length + paths.Length == 0) throw new ConfigurationException("Name what to hold: --job ID or --path PATTERN.");
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            DateTimeOffset? until = null;
            if (parse.GetValue(expires) is { } e)
                until = TimestampParser.TryParseText(e, out var at) ? at : throw new ConfigurationException($"--expires must be a date and time such as 2026-12-31 18:00:00 (got '{e}').");
            var lasts = parse.GetValue(hours) is { } h ? SettingValueParser.ParseHours("--for-hours", h) : (TimeSpan?)null;
            var host = new PreviewHost(new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel), parse.GetValue(dryRun));
            var targets = jobs.Select(j => (HoldKind.Job, j)).Concat(paths.Select(p => (HoldKind.Path, p)));
            foreach (var (kind, target) in targets)
            {
                if (HoldService.Add(context, kind, target, parse.GetValue(reason)!, until, host, lasts) is { } hold)
                    Console.Out.WriteLine(TextReport.Hold(hold, context.Clock.GetUtcNow()));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateList(CommonOptions common)
    {
        var all = new Option<bool>("--all") { Description = "Also list expired holds." };
        var json = new Option<bool>("--json") { Description = "Print the holds as JSON." }.In(HelpSections.Output);
        var command = new Command("list", "List the holds in force.");
        common.AddTo(command, OptionGroups.StoreAccess);
        command.Options.Add(all);
        command.Options.Add(json);
        command.SetAction(parse => Guarded.Run(_ =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var holds = HoldService.Get(context, activeOnly: !parse.GetValue(all));
            var now = context.Clock.GetUtcNow();
            if (parse.GetValue(json)) TextReport.WriteJson(stream => HoldJson.Write(stream, holds, now));
            else foreach (var hold in holds) Console.Out.WriteLine(TextReport.Hold(hold, now));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateRemove(CommonOptions common)
    {
        var id = new Option<long[]>("--id") { Description = "Id of a hold to remove (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be removed without removing it." };
        var command = new Command("remove", "Remove holds by id.");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Verbose);
        command.Options.Add(id);
        command.Options.Add(dryRun);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var console = new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel);
            foreach (var hold in HoldService.Remove(context, parse.GetValue(id)!, new PreviewHost(console, parse.GetValue(dryRun))))
                Console.Out.WriteLine($"Removed hold {hold.Id} ({hold.Kind.ToString().ToLowerInvariant()} {hold.Target})");
            return console.ErrorCount > 0 ? ExitCodes.JobErrors : ExitCodes.Success;
        }));
        return command;
    }
}
