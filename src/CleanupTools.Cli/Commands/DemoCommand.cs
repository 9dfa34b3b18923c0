using System.CommandLine;
using CleanupTools.Demo;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools demo --path DIR`: writes a sample installation to try every other command on.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var path = new Option<string>("--path") { Description = "Directory to create the demo in (replaced if it holds an earlier demo).", Required = true };
        var command = new Command("demo", "Write a sample EEMT-style store (jobs.db, results/, uploads/, temp/) with jobs of every status and age.");
        command.Options.Add(path);
        command.SetAction(parse => Guarded.Run(_ =>
        {
            var directory = parse.GetValue(path)!;
            var jobs = DemoStoreBuilder.Create(directory, TimeProvider.System);
            Console.Out.WriteLine($"Demo store with {jobs} jobs written to {Path.GetFullPath(directory)}.");
            Console.Out.WriteLine($"Try: cleanuptools candidates --base-dir {directory} --include-kept");
            return ExitCodes.Success;
        }));
        return command;
    }
}
