namespace CleanupTools.Cli;

/// <summary>
/// Reference 001's cleanup_operations.py and reference 002's cleanup_jobs.py take no command word: a flag selects
/// what happens (--config shows the policies; --dry-run, --run, --stats or any run option runs). Arguments that
/// start with a long option are given the command that flag selects, so their crontab lines work with only the program
/// name changed; the options themselves are the commands' own aliases.
/// </summary>
public static class ReferenceSpelling
{
    /// <summary>The root command's own long options, which keep their meaning before any command word.</summary>
    private static readonly HashSet<string> RootOptions = new(StringComparer.Ordinal) { "--help", "--version" };

    public static string[] Rewrite(string[] args)
    {
        // Only a long option, as the references spell theirs: a lone -v (often meant as "version") must not start a run.
        if (args.Length == 0 || !args[0].StartsWith("--", StringComparison.Ordinal) || RootOptions.Contains(args[0])) return args;
        var command = args.Contains("--config", StringComparer.Ordinal) ? "policy" : "run";
        return args.Prepend(command).ToArray();
    }
}
