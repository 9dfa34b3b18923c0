using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Puts quarantined data back from the backup root, by run, job or original path, and clears the job's cleaned mark.</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "CleanupBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CleanupAuditEntry))]
public sealed class RestoreCleanupBackupCommand : CleanupCmdletBase
{
    private CleanupContext? _context;

    /// <summary>Restores what this run quarantined (the RunId of a run summary or of a history entry).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }

    /// <summary>Restores this job's quarantined data.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string? JobId { get; set; }

    /// <summary>Restores the entry that was quarantined from this full path.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Replaces data now at the original path when it is older than the backup (newer data is never replaced).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() => Guard(() => _context = OpenContext());

    protected override void ProcessRecord() => Guard(() =>
    {
        if (_context is null) return;
        BackupService.Restore(_context, RunId, JobId, Path is null ? null : GetUnresolvedProviderPathFromPSPath(Path), Force.IsPresent, CreateHost());
    });

    protected override void EndProcessing() => _context?.Dispose();
}
