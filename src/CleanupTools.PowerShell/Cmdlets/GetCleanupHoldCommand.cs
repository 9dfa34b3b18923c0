using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the holds that protect jobs and paths from cleanup.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CleanupHold")]
[OutputType(typeof(CleanupHold))]
public sealed class GetCleanupHoldCommand : CleanupCmdletBase
{
    /// <summary>Only holds on these jobs.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[]? JobId { get; set; }

    /// <summary>Also lists holds that have expired (they no longer protect anything).</summary>
    [Parameter]
    public SwitchParameter IncludeExpired { get; set; }

    protected override void ProcessRecord() => Guard(() =>
    {
        using var context = OpenContext();
        var wanted = JobId?.ToHashSet(StringComparer.Ordinal);
        foreach (var hold in HoldService.Get(context, activeOnly: !IncludeExpired.IsPresent))
        {
            if (wanted is null || (hold.Kind == HoldKind.Job && wanted.Contains(hold.Target))) WriteObject(hold);
        }
    });
}
