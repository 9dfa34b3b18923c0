using CleanupTools.Configuration;
using System.CommandLine;
using CleanupTools.Operations;
using CleanupTools.Reports;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools stats`: usage and health of each storage root, and what the policy would reclaim.</summary>
public static class StatsCommand
{
    public static Command Create(CommonOptions common)
    {
        var warning = new Option<double?>("--warning-threshold") { Description = $"Usage percent at which health is Warning (default {CleanupSettings.DefaultWarningPercent}; {string.Join(", ", EnvironmentVariables.WarningPercent)})." };
        var critical = new Option<double?>("--critical-threshold") { Description = $"Usage percent at which health is Critical (default {CleanupSettings.DefaultCriticalPercent}; {string.Join(", ", EnvironmentVariables.CriticalPercent)})." };
        var json = new Option<bool>("--json") { Description = "Print the statistics as JSON." }.In(HelpSections.Output);
        var command = new Command("stats", "Show storage use and health per root (results, uploads, temp).");
        common.AddTo(command, OptionGroups.Evaluation | OptionGroups.Verbose);
        command.Options.Add(warning);
        command.Options.Add(critical);
        command.Options.Add(json);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            var options = common.Read(parse);
            options.WarningPercent = parse.GetValue(warning);
            options.CriticalPercent = parse.GetValue(critical);
            using var context = CleanupContext.Open(options, Environment.CurrentDirectory);
            var host = new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel);
            var stats = StorageStatReport.Build(context, host);
            if (parse.GetValue(json))
                TextReport.WriteJson(stream => StorageStatJson.Write(stream, stats));
            else
                foreach (var stat in stats) Console.Out.WriteLine(TextReport.Stat(stat));
            return ExitCodes.Success;
        }));
        return command;
    }
}
