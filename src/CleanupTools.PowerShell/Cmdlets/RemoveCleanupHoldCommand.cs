using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Removes holds, so that the policies apply to what they protected again.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "CleanupHold", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = IdSet)]
[OutputType(typeof(CleanupHold))]
public sealed class RemoveCleanupHoldCommand : CleanupCmdletBase
{
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";

    /// <summary>The ids of the holds to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ValidateRange(1, long.MaxValue)]
    [ArgumentCompleter(typeof(HoldIdCompleter))]
    public long[]? Id { get; set; }

    /// <summary>
    /// Holds from Get-CleanupHold. Bound by value, never by an Id property: an audit entry's Id is no hold's.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public CleanupHold[]? InputObject { get; set; }

    /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emits each removed hold.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() => Guard(() => _ = PipelineContext);

    protected override void ProcessRecord() => Guard(() =>
    {
        var ids = ParameterSetName == InputObjectSet ? (InputObject ?? Array.Empty<CleanupHold>()).Select(h => h.Id).ToArray() : Id ?? Array.Empty<long>();
        foreach (var hold in HoldService.Remove(PipelineContext, ids, CreateHost(Force.IsPresent)))
        {
            if (PassThru.IsPresent) WriteObject(hold);
        }
    });

}
