using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Protects a job or a path pattern from every policy, emergency runs included, until the hold is removed or expires.</para>
/// </summary>
[Cmdlet(VerbsCommon.Add, "CleanupHold", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = JobSet)]
[OutputType(typeof(CleanupHold))]
public sealed class AddCleanupHoldCommand : CleanupCmdletBase
{
    private const string JobSet = "Job";
    private const string PathSet = "Path";

    /// <summary>Jobs to hold (bound by property name from candidates, results or any object with a JobId).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[]? JobId { get; set; }

    /// <summary>An absolute path or pattern ('*', '?', '**') to hold: nothing it matches, or that contains what it matches, is deleted.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Why the data must stay (shown in every preview and in verbose output).</summary>
    [Parameter(Mandatory = true)]
    [ValidateLength(1, HoldService.MaxReasonLength)]
    public string Reason { get; set; } = "";

    /// <summary>When the hold ends by itself; without it, or -Duration, it lasts until removed.</summary>
    [Parameter]
    public DateTime? ExpiresAt { get; set; }

    /// <summary>How long the hold lasts from now.</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:01:00", "36500.00:00:00")]
    public TimeSpan? Duration { get; set; }

    protected override void BeginProcessing() => Guard(() => _ = PipelineContext);

    protected override void ProcessRecord() => Guard(() =>
    {
        // A bare date typed at the prompt means local time, as everywhere else in PowerShell.
        DateTimeOffset? expires = ExpiresAt is { } at ? new DateTimeOffset(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Local) : at) : null;
        var host = CreateHost();
        var targets = ParameterSetName == JobSet
            ? (JobId ?? Array.Empty<string>()).Select(id => (HoldKind.Job, id))
            : (Path ?? Array.Empty<string>()).Select(p => (HoldKind.Path, GetUnresolvedProviderPathFromPSPath(p)));
        foreach (var (kind, target) in targets)
        {
            ForRecord(target, () =>
            {
                if (HoldService.Add(PipelineContext, kind, target, Reason, expires, host, Duration) is { } hold) WriteObject(hold);
            });
        }
    });

}
