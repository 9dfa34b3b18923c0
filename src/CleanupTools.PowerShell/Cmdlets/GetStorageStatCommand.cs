using System.Management.Automation;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Reports usage and health of the results, uploads and temp roots.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "StorageStat")]
[OutputType(typeof(StorageStat))]
public sealed class GetStorageStatCommand : CleanupCmdletBase
{
    /// <summary>Usage percent at which health becomes Warning (default 85).</summary>
    [Parameter]
    [ValidateRange(0.1, 100.0)]
    public double? WarningThreshold { get; set; }

    /// <summary>Usage percent at which health becomes Critical (default 95).</summary>
    [Parameter]
    [ValidateRange(0.1, 100.0)]
    public double? CriticalThreshold { get; set; }

    protected override Configuration.CleanupOptions BuildOptions()
    {
        var options = base.BuildOptions();
        options.WarningPercent = WarningThreshold;
        options.CriticalPercent = CriticalThreshold;
        return options;
    }

    protected override void ProcessRecord() => Guard(() =>
    {
        using var context = OpenContext();
        StorageStatReport.Run(context, CreateHost());
    });
}
