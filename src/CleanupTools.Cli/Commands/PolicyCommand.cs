using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Reports;

namespace CleanupTools.Cli.Commands;

/// <summary>
/// `cleanuptools policy` (or reference 001's `policy --config`) shows the policies in force and where each value
/// came from; `policy set` creates or changes one; `policy reset` returns them to the defaults.
/// </summary>
public static class PolicyCommand
{
    public static Command Create(CommonOptions common)
    {
        var json = new Option<bool>("--json") { Description = "Print the policies as JSON." }.In(HelpSections.Output);
        var config = new Option<bool>("--config") { Description = "Show the retention policies (reference 001's --config; the default)." };
        var command = new Command("policy", "Show the retention policies in force (add 'set' to change one, 'reset' to return to the defaults).");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Retention);
        command.Options.Add(json);
        command.Options.Add(config);
        command.SetAction(parse => Guarded.Run(_ =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            Print(PolicyService.Get(context), parse.GetValue(json));
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(CreateSet(common));
        command.Subcommands.Add(CreateReset(common));
        command.Subcommands.Add(PolicyFileCommands.CreateImport(common));
        command.Subcommands.Add(PolicyFileCommands.CreateExport(common));
        return command;
    }

    private static Command CreateSet(CommonOptions common)
    {
        var name = new Option<string>("--name") { Description = "The policy: successful_jobs, failed_jobs, reference 001's data types (dbt_logs, ...) or a new name.", Required = true };
        var hours = new Option<string?>("--retention-hours") { Description = "New retention in hours." };
        var days = new Option<string?>("--retention-days") { Description = "New retention in days." };
        var enabled = new Option<bool?>("--enabled") { Description = "Enable (true) or disable (false) the policy." };
        var action = new Option<string?>("--action") { Description = "delete-data (keep the job record), delete-all, or quarantine (move to the backup root)." };
        var keepNewest = new Option<string?>("--keep-newest") { Description = "Keep this many of the newest jobs whatever their age (0: none)." };
        var perWorkflow = new Option<bool?>("--keep-newest-per-workflow") { Description = "Count --keep-newest per workflow type (true/false)." };
        var latest = new Option<bool>("--keep-latest-per-workflow") { Description = "Always keep the latest job of each workflow type (keep-newest 1 per workflow type)." };
        var component = new Option<string?>("--component") { Description = "New component policy: results, uploads, logs or temp." };
        var status = new Option<string?>("--status") { Description = "Scope a new component policy to completed or failed jobs." };
        var root = new Option<string?>("--root") { Description = "A path class's root directory." };
        var pattern = new Option<string[]>("--pattern") { Description = "A path class's glob pattern, relative to its root (repeatable).", AllowMultipleArgumentsPerToken = true };
        var matchStatus = new Option<string?>("--match-status") { Description = "For operation files: the value of the file's status field a new path class selects." };
        var description = new Option<string?>("--description") { Description = "Free text kept with the policy." };
        var allowMass = new Option<bool>("--allow-mass-deletion") { Description = "Allow a zero retention." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the change without storing it." };
        var command = new Command("set", "Create or change a policy in the job database (cleanup_policies), recording who and when.");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Roots | OptionGroups.Verbose);
        foreach (var option in new Option[] { name, hours, days, enabled, action, keepNewest, perWorkflow, latest, component, status, root, pattern, matchStatus, description, allowMass, dryRun })
            command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            TimeSpan? retention = null;
            if (parse.GetValue(hours) is { } h) retention = SettingValueParser.ParseHours("--retention-hours", h, allowZero: true);
            if (parse.GetValue(days) is { } d)
            {
                if (retention is not null) throw new ConfigurationException("Give --retention-hours or --retention-days, not both.");
                retention = SettingValueParser.ParseDays("--retention-days", d, allowZero: true);
            }
            var change = new PolicyChange
            {
                Name = parse.GetValue(name)!,
                Retention = retention,
                Enabled = parse.GetValue(enabled),
                Action = parse.GetValue(action) is { } a ? Token<CleanupAction>("--action", a, "delete-data, delete-all or quarantine", CleanupAction.DeleteData, CleanupAction.DeleteAll, CleanupAction.Quarantine) : null,
                KeepNewest = parse.GetValue(keepNewest) is { } k ? SettingValueParser.ParseInt("--keep-newest", k, 0, PolicyValidator.MaxKeepNewest) : null,
                KeepNewestPerWorkflow = parse.GetValue(perWorkflow),
                KeepLatestPerWorkflow = parse.GetValue(latest),
                Component = parse.GetValue(component) is { } c ? Token<DataComponent>("--component", c, "results, uploads, logs or temp", DataComponent.Results, DataComponent.Uploads, DataComponent.Logs, DataComponent.Temp) : null,
                Status = parse.GetValue(status) is { } s ? Token<JobStatus>("--status", s, "completed or failed", JobStatus.Completed, JobStatus.Failed) : null,
                Root = parse.GetValue(root) is { } r ? Path.GetFullPath(r) : null,
                Patterns = parse.GetValue(pattern) is { Length: > 0 } p ? p : null,
                MatchStatus = parse.GetValue(matchStatus),
                Description = parse.GetValue(description),
                AllowMassDeletion = parse.GetValue(allowMass),
            };
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var host = new PreviewHost(new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel), parse.GetValue(dryRun));
            var updated = PolicyService.Set(context, change, host);
            if (updated is not null) Print(new[] { updated }, json: false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateReset(CommonOptions common)
    {
        var name = new Option<string[]>("--name") { Description = "Only these policies (repeatable); without it every stored policy goes.", AllowMultipleArgumentsPerToken = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be reset without changing it." };
        var command = new Command("reset", "Return policies to their defaults (reference 001's reset); an admin's own policies are removed.");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Verbose);
        command.Options.Add(name);
        command.Options.Add(dryRun);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var host = new PreviewHost(new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel), parse.GetValue(dryRun));
            var names = parse.GetValue(name) is { Length: > 0 } n ? n : null;
            if (PolicyService.Reset(context, names, host) is { } after) Print(after, json: false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A kebab-case or PascalCase name of one of the allowed values.</summary>
    private static T Token<T>(string option, string text, string allowed, params T[] values) where T : struct, Enum =>
        values.Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), text.Replace("-", "").Replace("_", "").Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException($"{option} must be {allowed} (got '{text}').");

    private static void Print(IEnumerable<RetentionPolicy> policies, bool json)
    {
        if (json)
        {
            TextReport.WriteJson(stream => RetentionPolicyJson.Write(stream, policies));
            return;
        }
        foreach (var policy in policies) Console.Out.WriteLine(TextReport.Policy(policy));
    }
}
