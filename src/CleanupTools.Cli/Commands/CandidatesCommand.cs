using System.CommandLine;
using CleanupTools.Operations;
using CleanupTools.Reports;

namespace CleanupTools.Cli.Commands;

/// <summary>`cleanuptools candidates`: the preview, one line (or JSON object) per job the policy would clean.</summary>
public static class CandidatesCommand
{
    public static Command Create(CommonOptions common)
    {
        var filters = new FilterOptions();
        var includeKept = new Option<bool>("--include-kept") { Description = "Also list the jobs that are kept, with the rule that keeps them." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array with one object (job_id, action, reason, ...) per job." }.In(HelpSections.Output);
        var command = new Command("candidates", "Preview which jobs the retention policy would clean, and why.");
        common.AddTo(command, OptionGroups.Evaluation | OptionGroups.Verbose);
        filters.AddTo(command);
        command.Options.Add(includeKept);
        command.Options.Add(json);
        command.SetAction(parse => Guarded.Run(cancel =>
        {
            var options = common.Read(parse);
            var filter = filters.Read(parse);
            using var context = CleanupContext.Open(options, Environment.CurrentDirectory);
            // Buffered: the JSON writer flushes after every job (flat memory), which must not cost a write call each.
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            using var writer = parse.GetValue(json) ? new CandidateJsonWriter(stdout) : null;
            var count = 0;
            long bytes = 0;
            using var host = new ConsoleHost(common.ReadLogLevel(parse), item =>
            {
                var candidate = (CleanupCandidate)item;
                if (candidate.IsEligible) { count++; bytes += candidate.SizeBytes; }
                if (writer is not null) writer.Write(candidate);
                else Console.Out.WriteLine(TextReport.Candidate(candidate));
            }, cancel, ProgressLine.ForStandardError(jsonOnStdout: writer is not null));
            try
            {
                CandidateFinder.Run(context, filter, parse.GetValue(includeKept), host);
            }
            catch when (writer is not null)
            {
                // The array stays valid JSON with the candidates found so far; the error goes to stderr.
                TextReport.EndJson(stdout, writer.Complete);
                throw;
            }
            if (writer is not null) TextReport.EndJson(stdout, writer.Complete);
            else Console.Out.WriteLine($"{count} job(s) eligible for cleanup, {TextReport.Size(bytes)} in total.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
