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
        var dryRun = new Option<bool>("--dry-run") { Description = $"Preview: report what would be deleted; change nothing ({string.Join(", ", EnvironmentVariables.DryRun)})." };
        var json = new Option<bool>("--json") { Description = "Print the run summary as JSON (reference 000's shape)." }.In(HelpSections.Output);
        var jsonLines = new Option<bool>("--json-lines") { Description = "Print the run summary as one compact JSON line, for a log every run appends to (cron, systemd)." }.In(HelpSections.Output);
        var perJob = new Option<bool>("--per-job") { Description = "With --json-lines: a line per job before the summary line." }.In(HelpSections.Output);
        var lockTimeout = new Option<string?>("--lock-timeout") { Description = $"Seconds to wait for another run's lock on the store before exiting with code 3 (default {RunCoordination.DefaultLockTimeout.TotalSeconds})." };
        var worker = new Option<bool>("--worker") { Description = "Share the store with other workers: claim jobs instead of taking the exclusive run lock." };
        var claimTtl = new Option<string?>("--claim-ttl") { Description = $"Seconds a worker's claim on a job lasts before another worker may take it over (default {RunCoordination.DefaultClaimTtl.TotalSeconds})." };
        var type = new Option<string?>("--type") { Description = $"Why the run happens, recorded in the audit trail: automatic, manual or emergency (default {CleanupOptions.DefaultTrigger.ToString().ToLowerInvariant()}; reference 001)." };
        var allowMass = new Option<bool>("--allow-mass-deletion") { Description = "Let the run remove every item of a policy (or at least --max-deletion-percent of them); otherwise it stops first (exit 4)." };
        var maxPercent = new Option<string?>("--max-deletion-percent") { Description = $"Stop before deleting anything when a policy would remove at least this share of its items (default {MassDeletionGuard.DefaultMaxDeletionPercent}; at 100 only a policy that would remove all of its items stops)." };
        var quarantine = new Option<bool>("--quarantine") { Description = "Move expired job data into the backup root instead of deleting it (two-stage cleanup; `restore` brings it back)." };
        var backupDays = new Option<string?>("--backup-retention-days") { Description = $"Days backups are kept before a run purges them (default {CommonOptions.Days(CleanupSettings.DefaultBackupRetention)}, {string.Join(", ", EnvironmentVariables.BackupRetentionDays)}; reference 001)." };
        var stats = new Option<bool>("--stats") { Description = "Show cleanup statistics and recent runs from the audit trail instead of running (reference 001)." };
        var perform = new Option<bool>("--run") { Description = $"Reference 001's --run: perform the cleanup, also when a dry-run variable ({string.Join(", ", EnvironmentVariables.DryRun)}) is set." };
        var parallel = new Option<bool>("--parallel") { Description = "Reference 002's --parallel: deletion already runs on --max-workers workers (default " + CleanupSettings.DefaultMaxWorkers + "); the flag is accepted and changes nothing." };
        var command = new Command("run", "Delete the data of jobs past their retention and record it in the store.");
        common.AddTo(command, OptionGroups.Evaluation | OptionGroups.Workers | OptionGroups.Verbose);
        filters.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(json);
        command.Options.Add(jsonLines);
        command.Options.Add(perJob);
        command.Options.Add(lockTimeout);
        command.Options.Add(worker);
        command.Options.Add(claimTtl);
        command.Options.Add(type);
        command.Options.Add(allowMass);
        command.Options.Add(maxPercent);
        command.Options.Add(stats);
        command.Options.Add(quarantine);
        command.Options.Add(backupDays);
        command.Options.Add(perform);
        command.Options.Add(parallel);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            if (parse.GetValue(perform) && parse.GetValue(dryRun))
                throw new ConfigurationException("--run performs the cleanup and --dry-run only previews it; give one of them.");
            var options = common.Read(parse);
            if (parse.GetValue(dryRun)) options.DryRun = true;
            // A parameter outranks the environment: --run is the way to say "not a dry run" on the command line.
            if (parse.GetValue(perform)) options.DryRun = false;
            if (parse.GetValue(lockTimeout) is { } t) options.LockTimeout = TimeSpan.FromSeconds(SettingValueParser.ParseInt("--lock-timeout", t, 0, 86_400));
            if (parse.GetValue(worker)) options.Worker = true;
            if (parse.GetValue(claimTtl) is { } c) options.ClaimTtl = TimeSpan.FromSeconds(SettingValueParser.ParseInt("--claim-ttl", c, 1, 86_400));
            if (parse.GetValue(type) is { } t2) options.Trigger = TriggerNames.Parse("--type", t2);
            if (parse.GetValue(allowMass)) options.AllowMassDeletion = true;
            if (parse.GetValue(quarantine)) options.Quarantine = true;
            if (parse.GetValue(backupDays) is { } bd) options.BackupRetention = SettingValueParser.ParseDays("--backup-retention-days", bd);
            if (parse.GetValue(maxPercent) is { } m) options.MaxDeletionPercent = SettingValueParser.ParsePercent("--max-deletion-percent", m);
            var filter = filters.Read(parse);
            var format = ReportFormat(parse.GetValue(json), parse.GetValue(jsonLines), parse.GetValue(perJob));
            using var context = CleanupContext.Open(options, Environment.CurrentDirectory);
            if (parse.GetValue(stats))
            {
                HistoryCommand.PrintStatistics(HistoryService.Statistics(context, since: null), parse.GetValue(json));
                return ExitCodes.Success;
            }
            // Buffered: the JSON writer flushes after every job (flat memory), which must not cost a write call each.
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            var start = context.Clock.GetUtcNow();
            using var writer = format is { } f ? new RunReportJsonWriter(stdout, start, context.Settings.DryRun, f) : null;
            // WARNING and ERROR keep the report's lines (info) off stdout; a JSON report is data, always written.
            var level = common.ReadLogLevel(parse);
            using var host = new ConsoleHost(level, item =>
            {
                if (writer is null && level.ShowsInfo()) Console.Out.WriteLine(TextReport.Result((CleanupResult)item, start));
            }, cancel, ProgressLine.ForStandardError(jsonOnStdout: writer is not null));
            CleanupRun? run = null;
            var runStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                using (run = new CleanupRun(context, host))
                {
                    if (writer is not null)
                    {
                        writer.RunId = run.Summary.RunId;
                        run.ResultRecorded += writer.WriteJob;
                    }
                    run.RunEligible(filter);
                    var summary = run.Complete();
                    if (writer is not null) writer.Complete(summary);
                    else if (level.ShowsInfo()) Console.Out.Write(TextReport.Summary(summary));
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

    private static RunReportFormat? ReportFormat(bool json, bool jsonLines, bool perJob)
    {
        if (json && jsonLines) throw new ConfigurationException("Give --json (one document) or --json-lines (one line per run), not both.");
        if (perJob && !jsonLines) throw new ConfigurationException("--per-job needs --json-lines (--json already lists every job).");
        if (jsonLines) return perJob ? RunReportFormat.JsonLinesPerJob : RunReportFormat.JsonLines;
        return json ? RunReportFormat.Document : null;
    }
}
