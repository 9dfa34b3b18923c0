using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Reports;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools policy` shows the policies in force and where each value came from; `policy set` changes one.</summary>
public static class PolicyCommand
{
    public static Command Create(CommonOptions common)
    {
        var json = new Option<bool>("--json") { Description = "Print the policies as JSON." };
        var command = new Command("policy", "Show the retention policies in force (add 'set' to change one).");
        common.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse => Guarded.Run(_ =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            Print(PolicyService.Get(context), parse.GetValue(json));
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(CreateSet(common));
        return command;
    }

    private static Command CreateSet(CommonOptions common)
    {
        var name = new Option<string>("--name") { Description = "successful_jobs or failed_jobs.", Required = true };
        var hours = new Option<string?>("--retention-hours") { Description = "New retention in hours." };
        var days = new Option<string?>("--retention-days") { Description = "New retention in days." };
        var enabled = new Option<bool?>("--enabled") { Description = "Enable (true) or disable (false) the policy." };
        var description = new Option<string?>("--description") { Description = "Free text kept with the policy." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the change without storing it." };
        var command = new Command("set", "Store a policy change in the job database (cleanup_policies), recording who and when.");
        common.AddTo(command);
        foreach (var option in new Option[] { name, hours, days, enabled, description, dryRun }) command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            TimeSpan? retention = null;
            if (parse.GetValue(hours) is { } h) retention = SettingValueParser.ParseHours("--retention-hours", h);
            if (parse.GetValue(days) is { } d)
            {
                if (retention is not null) throw new ConfigurationException("Give --retention-hours or --retention-days, not both.");
                retention = SettingValueParser.ParseDays("--retention-days", d);
            }
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var preview = parse.GetValue(dryRun);
            var host = new PreviewHost(new ConsoleHost(parse.GetValue(common.Verbose), _ => { }, cancel), preview);
            var updated = PolicyService.Set(context, parse.GetValue(name)!, retention, parse.GetValue(enabled), parse.GetValue(description), host);
            if (updated is not null) Print(new[] { updated }, json: false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(IEnumerable<RetentionPolicy> policies, bool json)
    {
        if (json)
        {
            TextReport.WriteJson(stream => RetentionPolicyJson.Write(stream, policies));
            return;
        }
        foreach (var policy in policies) Console.Out.WriteLine(TextReport.Policy(policy));
    }

    /// <summary>In a dry run, says what would change and declines it, so nothing (not even the table) is written.</summary>
    private sealed class PreviewHost : IOperationHost
    {
        private readonly IOperationHost _inner;
        private readonly bool _preview;

        public PreviewHost(IOperationHost inner, bool preview)
        {
            _inner = inner;
            _preview = preview;
        }

        public CancellationToken Cancellation => _inner.Cancellation;
        public void WriteObject(object item) => _inner.WriteObject(item);
        public void WriteVerbose(string message) => _inner.WriteVerbose(message);
        public void WriteWarning(string message) => _inner.WriteWarning(message);
        public void WriteError(OperationError error) => _inner.WriteError(error);
        public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);

        public bool ShouldProcess(string target, string action)
        {
            if (!_preview) return true;
            Console.Out.WriteLine($"[DRY RUN] Would {action} on {target}");
            return false;
        }
    }
}
