using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Reports;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools run`: the cleanup itself (or its dry run), with reference 000's JSON summary on --json.</summary>
public static class RunCommand
{
    public static Command Create(CommonOptions common)
    {
        var filters = new FilterOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Preview: report what would be deleted; change nothing (EEMT_CLEANUP_DRY_RUN)." };
        var json = new Option<bool>("--json") { Description = "Print the run summary as JSON (reference 000's shape)." };
        var lockTimeout = new Option<string?>("--lock-timeout") { Description = "Seconds to wait for another run's lock on the store before exiting with code 3 (default 0)." };
        var worker = new Option<bool>("--worker") { Description = "Share the store with other workers: claim jobs instead of taking the exclusive run lock." };
        var claimTtl = new Option<string?>("--claim-ttl") { Description = "Seconds a worker's claim on a job lasts before another worker may take it over (default 600)." };
        var type = new Option<string?>("--type") { Description = "Why the run happens, recorded in the audit trail: automatic, manual (default) or emergency (reference 001)." };
        var allowMass = new Option<bool>("--allow-mass-deletion") { Description = "Let the run remove every item of a policy (or at least --max-deletion-percent of them); otherwise it stops first (exit 4)." };
        var maxPercent = new Option<string?>("--max-deletion-percent") { Description = "Stop before deleting anything when a policy would remove at least this share of its items (default 100: all)." };
        var quarantine = new Option<bool>("--quarantine") { Description = "Move expired job data into the backup root instead of deleting it (two-stage cleanup; `restore` brings it back)." };
        var backupDays = new Option<string?>("--backup-retention-days") { Description = "Days backups are kept before a run purges them (default 7, reference 001)." };
        var stats = new Option<bool>("--stats") { Description = "Show cleanup statistics and recent runs from the audit trail instead of running (reference 001)." };
        var command = new Command("run", "Delete the data of jobs past their retention and record it in the store.");
        common.AddTo(command);
        filters.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(json);
        command.Options.Add(lockTimeout);
        command.Options.Add(worker);
        command.Options.Add(claimTtl);
        command.Options.Add(type);
        command.Options.Add(allowMass);
        command.Options.Add(maxPercent);
        command.Options.Add(stats);
        command.Options.Add(quarantine);
        command.Options.Add(backupDays);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            var options = common.Read(parse);
            if (parse.GetValue(dryRun)) options.DryRun = true;
            if (parse.GetValue(lockTimeout) is { } t) options.LockTimeout = TimeSpan.FromSeconds(SettingValueParser.ParseInt("--lock-timeout", t, 0, 86_400));
            if (parse.GetValue(worker)) options.Worker = true;
            if (parse.GetValue(claimTtl) is { } c) options.ClaimTtl = TimeSpan.FromSeconds(SettingValueParser.ParseInt("--claim-ttl", c, 1, 86_400));
            if (parse.GetValue(type) is { } t2) options.Trigger = TriggerNames.Parse("--type", t2);
            if (parse.GetValue(allowMass)) options.AllowMassDeletion = true;
            if (parse.GetValue(quarantine)) options.Quarantine = true;
            if (parse.GetValue(backupDays) is { } bd) options.BackupRetention = SettingValueParser.ParseDays("--backup-retention-days", bd);
            if (parse.GetValue(maxPercent) is { } m) options.MaxDeletionPercent = SettingValueParser.ParsePercent("--max-deletion-percent", m);
            var filter = filters.Read(parse);
            using var context = CleanupContext.Open(options, Environment.CurrentDirectory);
            if (parse.GetValue(stats))
            {
                HistoryCommand.PrintStatistics(HistoryService.Statistics(context, since: null), parse.GetValue(json));
                return ExitCodes.Success;
            }
            // Buffered: the JSON writer flushes after every job (flat memory), which must not cost a write call each.
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            var start = context.Clock.GetUtcNow();
            using var writer = parse.GetValue(json) ? new RunReportJsonWriter(stdout, start, context.Settings.DryRun) : null;
            var host = new ConsoleHost(parse.GetValue(common.Verbose), item =>
            {
                if (writer is null) Console.Out.WriteLine(TextReport.Result((CleanupResult)item, start));
            }, cancel);
            CleanupRun? run = null;
            var runStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                using (run = new CleanupRun(context, host))
                {
                    if (writer is not null) run.ResultRecorded += writer.WriteJob;
                    run.RunEligible(filter);
                    var summary = run.Complete();
                    if (writer is not null) writer.Complete(summary);
                    else Console.Out.Write(TextReport.Summary(summary));
                    return summary.JobsWithErrors > 0 ? ExitCodes.JobErrors : ExitCodes.Success;
                }
            }
            catch (Exception e) when (writer is not null)
            {
                // Whatever ends the run early (a signal, a busy store, the mass-deletion guard, a store error), the
                // report stays one valid JSON document: the jobs so far, then the error. Guarded maps the exit code.
                writer.Abandon(run?.Summary, context.Clock.GetUtcNow(), e is OperationCanceledException ? "stopped by a signal" : e.Message);
                throw;
            }
            finally
            {
                if (run is not null && PhaseLine.Wanted) PhaseLine.Print(run.Phases, runStarted);
            }
        }));
        return command;
    }
}
