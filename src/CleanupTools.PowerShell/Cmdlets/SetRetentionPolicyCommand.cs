using System.Management.Automation;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Stores a retention policy change in the job database, recording who made it and when.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "RetentionPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Retention")]
[OutputType(typeof(RetentionPolicy))]
public sealed class SetRetentionPolicyCommand : CleanupCmdletBase
{
    /// <summary>The policy to change: successful_jobs or failed_jobs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("successful_jobs", "failed_jobs", IgnoreCase = true)]
    public string Name { get; set; } = "";

    /// <summary>The new retention period.</summary>
    [Parameter(Position = 1, ParameterSetName = "Retention", ValueFromPipelineByPropertyName = true)]
    [ValidateRange("00:01:00", "36500.00:00:00")]
    public TimeSpan? Retention { get; set; }

    /// <summary>The new retention period in hours (references 002's unit).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Hours")]
    [ValidateRange(0.017, 876000.0)]
    public double RetentionHours { get; set; }

    /// <summary>The new retention period in days (reference 000's unit).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Days")]
    [ValidateRange(0.001, 36500.0)]
    public double RetentionDays { get; set; }

    /// <summary>Enables or disables the policy; a disabled policy cleans nothing.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public bool? Enabled { get; set; }

    /// <summary>Free text kept with the policy.</summary>
    [Parameter]
    [ValidateLength(0, 1000)]
    public string? Description { get; set; }

    /// <summary>Emits the policy as it now resolves.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Guard(() =>
    {
        var retention = ParameterSetName switch
        {
            "Hours" => TimeSpan.FromHours(RetentionHours),
            "Days" => TimeSpan.FromDays(RetentionDays),
            _ => Retention,
        };
        using var context = OpenContext();
        var updated = PolicyService.Set(context, Name, retention, Enabled, Description, CreateHost());
        if (updated is not null && PassThru.IsPresent) WriteObject(updated);
    });
}
