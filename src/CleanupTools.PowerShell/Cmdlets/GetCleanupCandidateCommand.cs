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

    private readonly List<string> _jobIds = new();
    private bool _allJobs;

    // Piped ids are gathered and evaluated in one pass at the end, so piping N ids costs what -JobId with N ids costs
    // (a lookup by key each), not N passes over the whole job table.
    protected override void ProcessRecord()
    {
        if (JobId is null) _allJobs = true;
        else _jobIds.AddRange(JobId);
    }

    protected override void EndProcessing() => Guard(() =>
    {
        using var context = OpenContext();
        var filter = new CandidateFilter { Statuses = Status, OlderThan = OlderThan, JobIdPatterns = _allJobs ? null : _jobIds };
        CandidateFinder.Run(context, filter, IncludeKept.IsPresent, CreateHost());
    });
}
