using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools restore`: puts quarantined data back, by run, job or original path.</summary>
public static class RestoreCommand
{
    public static Command Create(CommonOptions common)
    {
        var run = new Option<string?>("--run") { Description = "Restore what this run quarantined (its run id, as history shows it)." };
        var job = new Option<string?>("--job") { Description = "Restore this job's quarantined data." };
        var path = new Option<string?>("--path") { Description = "Restore the entry quarantined from this original path." };
        var force = new Option<bool>("--force") { Description = "Replace data now at the original path when it is older than the backup (newer data is never replaced)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be restored; change nothing." };
        var command = new Command("restore", "Put quarantined data back from the backup root and clear the job's cleaned mark.");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Roots | OptionGroups.Verbose);
        foreach (var option in new Option[] { run, job, path, force, dryRun }) command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var level = common.ReadLogLevel(parse);
            var console = new ConsoleHost(level, item =>
            {
                if (level.ShowsInfo()) Console.Out.WriteLine(TextReport.Audit((CleanupAuditEntry)item));
            }, cancel);
            var target = parse.GetValue(path) is { } p ? Path.GetFullPath(p) : null;
            BackupService.Restore(context, parse.GetValue(run), parse.GetValue(job), target, parse.GetValue(force), new PreviewHost(console, parse.GetValue(dryRun)));
            return console.ErrorCount > 0 ? ExitCodes.JobErrors : ExitCodes.Success;
        }));
        return command;
    }
}
