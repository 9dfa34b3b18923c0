using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Creates or changes a retention policy in the job database, recording who made the change and when.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "RetentionPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Retention")]
[OutputType(typeof(RetentionPolicy))]
public sealed class SetRetentionPolicyCommand : CleanupCmdletBase
{
    /// <summary>The policy to change or create: successful_jobs, failed_jobs, reference 001's data types (dbt_logs, ...) or a new name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidatePattern(PolicyNamePattern.Value)]
    [ArgumentCompleter(typeof(PolicyNameCompleter))]
    public string Name { get; set; } = "";

    // Only Name binds from a piped policy: a piped policy's Retention, Enabled and Action are what is in force now
    // (an environment override included), and binding them would store that, rather than change only what was asked.

    /// <summary>The new retention period; zero only with -AllowMassDeletion.</summary>
    [Parameter(Position = 1, ParameterSetName = "Retention")]
    [ValidateTimeSpanRange("00:00:00", "36500.00:00:00")]
    public TimeSpan? Retention { get; set; }

    /// <summary>The new retention period in hours (references 002's unit).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Hours")]
    [ValidateRange(0.0, 876000.0)]
    public double RetentionHours { get; set; }

    /// <summary>The new retention period in days (reference 000's unit).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Days")]
    [ValidateRange(0.0, 36500.0)]
    public double RetentionDays { get; set; }

    /// <summary>Enables or disables the policy; a disabled policy cleans nothing.</summary>
    [Parameter]
    public bool? Enabled { get; set; }

    /// <summary>What happens to expired data: DeleteData (keep the job record), DeleteAll, or Quarantine (move it to the backup root).</summary>
    [Parameter]
    [ValidateSet("DeleteData", "DeleteAll", "Quarantine", IgnoreCase = true)]
    public CleanupAction? Action { get; set; }

    /// <summary>Keeps this many of the newest jobs of the policy whatever their age (0 stops keeping any).</summary>
    [Parameter]
    [ValidateRange(0, PolicyValidator.MaxKeepNewest)]
    public int? KeepNewest { get; set; }

    /// <summary>Counts -KeepNewest per workflow type instead of across the whole policy.</summary>
    [Parameter]
    public bool? KeepNewestPerWorkflow { get; set; }

    /// <summary>Always keeps the latest job of each workflow type (the same as -KeepNewest 1 -KeepNewestPerWorkflow $true).</summary>
    [Parameter]
    public SwitchParameter KeepLatestPerWorkflow { get; set; }

    /// <summary>Creates a component policy: the job data component it governs (Results, Uploads, Logs or Temp).</summary>
    [Parameter]
    [ValidateSet("Results", "Uploads", "Logs", "Temp", IgnoreCase = true)]
    public DataComponent? Component { get; set; }

    /// <summary>Scopes a new component policy to jobs of one status (Completed or Failed).</summary>
    [Parameter]
    [ValidateSet("Completed", "Failed", IgnoreCase = true)]
    public JobStatus? Status { get; set; }

    /// <summary>A path class's root directory: its patterns are matched under it, and nothing outside it is touched.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Root { get; set; }

    /// <summary>A path class's glob patterns, relative to its root ('*', '?', '**'; e.g. operation_*.json, **/*.log).</summary>
    [Parameter]
    [ValidateCount(1, PolicyValidator.MaxPatterns)]
    [ValidateNotNullOrEmpty]
    public string[]? Pattern { get; set; }

    /// <summary>For operation files: the value of the file's own status field a new path class selects (e.g. failed).</summary>
    [Parameter]
    [ValidatePattern("^[a-z][a-z_-]{0,31}$")]
    public string? MatchStatus { get; set; }

    /// <summary>Free text kept with the policy.</summary>
    [Parameter]
    [ValidateLength(0, 1000)]
    public string? Description { get; set; }

    /// <summary>Allows a zero retention, which deletes everything the policy targets on the next run.</summary>
    [Parameter]
    public SwitchParameter AllowMassDeletion { get; set; }

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
        var change = new PolicyChange
        {
            Name = Name,
            Retention = retention,
            Enabled = Enabled,
            Description = Description,
            Action = Action,
            KeepNewest = KeepNewest,
            KeepNewestPerWorkflow = KeepNewestPerWorkflow,
            KeepLatestPerWorkflow = KeepLatestPerWorkflow.IsPresent,
            Component = Component,
            Status = Status,
            Root = Root is null ? null : GetUnresolvedProviderPathFromPSPath(Root),
            Patterns = Pattern,
            MatchStatus = MatchStatus,
            AllowMassDeletion = AllowMassDeletion.IsPresent,
        };
        ForRecord(Name, () =>
        {
            var updated = PolicyService.Set(context, change, CreateHost());
            if (updated is not null && PassThru.IsPresent) WriteObject(updated);
        });
    });
}
