using System.CommandLine;
using CleanupTools.Cli;
using CleanupTools.Cli.Commands;

PhaseLine.MainStarted = System.Diagnostics.Stopwatch.GetTimestamp();
var common = new CommonOptions();
var root = new RootCommand("cleanuptools: find, preview and safely delete job data a retention policy says may go. " +
    "Without a command word, the reference scripts' options select one: --config shows the policies (policy); " +
    "any other goes to run (--dry-run previews, --run or --parallel cleans, --stats shows the audit totals).");
root.Subcommands.Add(CandidatesCommand.Create(common));
root.Subcommands.Add(RunCommand.Create(common));
root.Subcommands.Add(StatsCommand.Create(common));
root.Subcommands.Add(PolicyCommand.Create(common));
root.Subcommands.Add(HoldCommand.Create(common));
root.Subcommands.Add(HistoryCommand.Create(common));
root.Subcommands.Add(RestoreCommand.Create(common));
root.Subcommands.Add(DemoCommand.Create());
// Each command's help lists only its own options, grouped under headings.
foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>()) help.Action = new GroupedHelp();

var parse = root.Parse(ReferenceSpelling.Rewrite(args));
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"cleanuptools: {error.Message}");
    return ExitCodes.BadInput;
}
return parse.Invoke();
