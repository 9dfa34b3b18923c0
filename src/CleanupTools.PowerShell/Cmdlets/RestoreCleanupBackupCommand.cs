using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Puts quarantined data back from the backup root, by run, job or original path, and clears the job's cleaned mark.</para>
/// </summary>
// One parameter set per way of naming what to restore, so a call that names nothing cannot be made: a run (-RunId,
// optionally narrowed by -JobId or -Path), a job, or a path. -RunId belongs to the run set only; -JobId alone is the
// job set, the default, which PowerShell prefers while -JobId fits two sets (and for piped objects with a JobId).
[Cmdlet(VerbsData.Restore, "CleanupBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = JobSet)]
[OutputType(typeof(CleanupAuditEntry))]
public sealed class RestoreCleanupBackupCommand : CleanupCmdletBase
{
    private const string RunSet = "Run";
    private const string JobSet = "Job";
    private const string PathSet = "Path";


    /// <summary>Restores what this run quarantined (the RunId of a run summary or of a history entry); with -JobId or -Path, only that job's or that path's entries of the run.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }

    /// <summary>Restores this job's quarantined data.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string? JobId { get; set; }

    /// <summary>Restores the entry that was quarantined from this full path.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Replaces data now at the original path when it is older than the backup (newer data is never replaced).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() => Guard(() => _ = PipelineContext);

    protected override void ProcessRecord() => Guard(() =>
    {
        BackupService.Restore(PipelineContext, RunId, JobId, Path is null ? null : GetUnresolvedProviderPathFromPSPath(Path), Force.IsPresent, CreateHost());
    });

}
