using System.Management.Automation;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Imports retention policies from a YAML file: references 000/002's cleanup_config.yaml, or a file Export-RetentionPolicy wrote.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "RetentionPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RetentionPolicy))]
public sealed class ImportRetentionPolicyCommand : CleanupCmdletBase
{
    /// <summary>The policy file (YAML, at most 1 MiB). The whole file is checked before any policy is stored.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Allows a zero retention in the file, which deletes everything that policy targets on the next run.</summary>
    [Parameter]
    public SwitchParameter AllowMassDeletion { get; set; }

    /// <summary>Emits the imported policies as they now resolve.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Guard(() =>
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        using var context = OpenContext();
        var result = PolicyFileService.Import(context, path, CreateHost(), AllowMassDeletion.IsPresent);
        if (PassThru.IsPresent) WriteObject(result.Policies, enumerateCollection: true);
    });
}
