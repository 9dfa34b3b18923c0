using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Previews which jobs the retention policy would clean, and why.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CleanupCandidate")]
[OutputType(typeof(CleanupCandidate))]
public sealed class GetCleanupCandidateCommand : CleanupCmdletBase
{
    /// <summary>Only jobs whose status maps to one of these classes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public JobStatus[]? Status { get; set; }

    /// <summary>Only jobs that completed at least this long ago.</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:00:00", "36500.00:00:00")]
    public TimeSpan? OlderThan { get; set; }

    /// <summary>Only jobs whose id matches one of these wildcard patterns.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[]? JobId { get; set; }

    /// <summary>Also emit the kept jobs, each with the rule that keeps it.</summary>
    [Parameter]
    public SwitchParameter IncludeKept { get; set; }

    protected override void ProcessRecord() => Guard(() =>
    {
        using var context = OpenContext();
        var filter = new CandidateFilter { Statuses = Status, OlderThan = OlderThan, JobIdPatterns = JobId };
        CandidateFinder.Run(context, filter, IncludeKept.IsPresent, CreateHost());
    });
}
