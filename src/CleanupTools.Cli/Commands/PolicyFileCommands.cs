using System.CommandLine;
using CleanupTools.Operations;

namespace CleanupTools.Cli.Commands;

/// <summary>
/// `cleanuptools policy import --file F [--dry-run]` reads references 000/002's cleanup_config.yaml or an exported
/// file and stores its policies (the whole file is checked first; one bad key stores nothing);
/// `cleanuptools policy export [--file F] [--name N...]` writes the policies in force as YAML (stdout without --file).
/// </summary>
public static class PolicyFileCommands
{
    public static Command CreateImport(CommonOptions common)
    {
        var file = new Option<string>("--file", "-f") { Description = "The policy file (YAML): a cleanup_config.yaml, or what 'policy export' wrote.", Required = true };
        var allowMass = new Option<bool>("--allow-mass-deletion") { Description = "Allow a zero retention in the file." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and show each change without storing anything." };
        var command = new Command("import", "Set retention policies from a YAML file; run settings (performance, paths) in it are reported, not stored.");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Roots | OptionGroups.Verbose);
        foreach (var option in new Option[] { file, allowMass, dryRun }) command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var host = new PreviewHost(new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel), parse.GetValue(dryRun));
            var result = PolicyFileService.Import(context, path, host, parse.GetValue(allowMass));
            foreach (var policy in result.Policies) Console.Out.WriteLine(TextReport.Policy(policy));
            foreach (var name in result.Removed) Console.Out.WriteLine($"Removed {name}");
            if (parse.GetValue(dryRun))
                Console.Out.WriteLine($"[DRY RUN] {result.Source} is valid; nothing was stored.");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command CreateExport(CommonOptions common)
    {
        var file = new Option<string?>("--file", "-f") { Description = "Write to this file instead of stdout." };
        var name = new Option<string[]>("--name") { Description = "Only these policies (repeatable); without it every policy in force.", AllowMultipleArgumentsPerToken = true };
        var force = new Option<bool>("--force") { Description = "Overwrite --file if it exists." };
        var command = new Command("export", "Write the retention policies in force as YAML that 'policy import' reads back.");
        common.AddTo(command, OptionGroups.StoreAccess | OptionGroups.Retention | OptionGroups.Verbose);
        foreach (var option in new Option[] { file, name, force }) command.Options.Add(option);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            using var context = CleanupContext.Open(common.Read(parse), Environment.CurrentDirectory);
            var host = new ConsoleHost(common.ReadLogLevel(parse), _ => { }, cancel);
            var names = parse.GetValue(name) is { Length: > 0 } n ? n : null;
            if (parse.GetValue(file) is { } path)
            {
                PolicyFileService.ExportToFile(context, Path.GetFullPath(path), names, parse.GetValue(force), host);
                Console.Out.WriteLine($"Exported the retention policies to {Path.GetFullPath(path)}");
            }
            else
            {
                Console.Out.Write(PolicyFileService.Export(context, names, host));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
