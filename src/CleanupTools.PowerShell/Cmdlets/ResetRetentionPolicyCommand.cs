using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Returns retention policies to their defaults (reference 001's "reset to defaults"); an admin's own policies are removed.</para>
/// </summary>
[Cmdlet(VerbsCommon.Reset, "RetentionPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RetentionPolicy))]
public sealed class ResetRetentionPolicyCommand : CleanupCmdletBase
{
    private readonly List<string> _names = new();

    /// <summary>Only these policies; without it every stored policy goes.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(PolicyNamePattern.Value)]
    [ArgumentCompleter(typeof(PolicyNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Skips the confirmation prompt; -WhatIf still wins.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emits the policies as they resolve after the reset.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // Names arrive one pipeline object at a time; the reset is one confirmation and one transaction at the end.
    protected override void ProcessRecord() => _names.AddRange(Name ?? Array.Empty<string>());

    protected override void EndProcessing() => Guard(() =>
    {
        using var context = OpenContext();
        var after = PolicyService.Reset(context, _names.Count == 0 ? null : _names, CreateHost(Force.IsPresent));
        if (after is not null && PassThru.IsPresent) WriteObject(after, enumerateCollection: true);
    });
}
