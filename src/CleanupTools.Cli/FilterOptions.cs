using System.CommandLine;
using CleanupTools.Configuration;
using CleanupTools.Operations;

namespace CleanupTools.Cli;

/// <summary>The job filters of candidates and run: status classes, minimum age, job-id wildcards.</summary>
public sealed class FilterOptions
{
    public Option<JobStatus[]> Status { get; } = new("--status") { Description = "Only jobs of these status classes (Completed, Failed, Running, Pending, Unknown).", AllowMultipleArgumentsPerToken = true };
    public Option<string?> OlderThanHours { get; } = new("--older-than-hours") { Description = "Only jobs that completed at least this many hours ago." };
    public Option<string[]> JobId { get; } = new("--job-id") { Description = "Only jobs whose id matches one of these wildcards (* and ?).", AllowMultipleArgumentsPerToken = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Status);
        command.Options.Add(OlderThanHours);
        command.Options.Add(JobId);
    }

    public CandidateFilter Read(ParseResult parse) => new()
    {
        Statuses = parse.GetValue(Status) is { Length: > 0 } s ? s : null,
        OlderThan = parse.GetValue(OlderThanHours) is { } h ? SettingValueParser.ParseHours("--older-than-hours", h) : null,
        JobIdPatterns = parse.GetValue(JobId) is { Length: > 0 } ids ? ids : null,
    };
}
