using System.Management.Automation;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Removes holds, so that the policies apply to what they protected again.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "CleanupHold", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(CleanupHold))]
public sealed class RemoveCleanupHoldCommand : CleanupCmdletBase
{
    private CleanupContext? _context;

    /// <summary>The holds to remove (bound by property name from Get-CleanupHold's output).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? Id { get; set; }

    /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emits each removed hold.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() => Guard(() => _context = OpenContext());

    protected override void ProcessRecord() => Guard(() =>
    {
        if (_context is null) return;
        foreach (var hold in HoldService.Remove(_context, Id ?? Array.Empty<long>(), CreateHost(Force.IsPresent)))
        {
            if (PassThru.IsPresent) WriteObject(hold);
        }
    });

    protected override void EndProcessing() => _context?.Dispose();
}
