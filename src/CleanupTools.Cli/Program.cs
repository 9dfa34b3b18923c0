using System.CommandLine;
using CleanupTools.Cli;
using CleanupTools.Cli.Commands;

PhaseLine.MainStarted = System.Diagnostics.Stopwatch.GetTimestamp();
var common = new CommonOptions();
var root = new RootCommand("cleanuptools: find, preview and safely delete job data a retention policy says may go.");
root.Subcommands.Add(CandidatesCommand.Create(common));
root.Subcommands.Add(RunCommand.Create(common));
root.Subcommands.Add(StatsCommand.Create(common));
root.Subcommands.Add(PolicyCommand.Create(common));
root.Subcommands.Add(HoldCommand.Create(common));
root.Subcommands.Add(HistoryCommand.Create(common));
root.Subcommands.Add(RestoreCommand.Create(common));
root.Subcommands.Add(DemoCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"cleanuptools: {error.Message}");
    return ExitCodes.BadInput;
}
return parse.Invoke();
