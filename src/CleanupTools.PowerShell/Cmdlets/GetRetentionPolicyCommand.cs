using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the retention policies in force and where each value came from.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RetentionPolicy")]
[OutputType(typeof(RetentionPolicy))]
public sealed class GetRetentionPolicyCommand : CleanupCmdletBase
{
    /// <summary>Only these policies (successful_jobs, failed_jobs, reference 001's data types such as dbt_logs, or an admin's own).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(PolicyNamePattern.Value)]
    [ArgumentCompleter(typeof(PolicyNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Guard(() =>
    {
        using var context = OpenContext();
        var policies = Name is null ? PolicyService.Get(context) : PolicyService.Find(context, Name, CreateHost());
        foreach (var policy in policies) WriteObject(policy);
    });
}
