using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Exports the retention policies in force as YAML that Import-RetentionPolicy reads back: to a file, or as a string.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "RetentionPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(string))]
public sealed class ExportRetentionPolicyCommand : CleanupCmdletBase
{
    private readonly List<string> _names = new();

    /// <summary>The file to write. Without it the YAML text is emitted as one string.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Only these policies; without it every policy in force.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(PolicyNamePattern.Value)]
    [ArgumentCompleter(typeof(PolicyNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Overwrites an existing file; without it an existing file is refused.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    // Names arrive one pipeline object at a time; the file is written once at the end.
    protected override void ProcessRecord() => _names.AddRange(Name ?? Array.Empty<string>());

    protected override void EndProcessing() => Guard(() =>
    {
        using var context = OpenContext();
        var names = _names.Count == 0 ? null : _names;
        var host = CreateHost();
        if (Path is null)
        {
            WriteObject(PolicyFileService.Export(context, names, host));
            return;
        }
        PolicyFileService.ExportToFile(context, GetUnresolvedProviderPathFromPSPath(Path), names, Force.IsPresent, host);
    });
}
