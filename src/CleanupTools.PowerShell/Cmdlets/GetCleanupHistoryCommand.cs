using System.Management.Automation;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;
using CleanupTools.Stores;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Reads the audit trail (cleanup_audit): every run and every item a run acted on, newest first.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CleanupHistory")]
[OutputType(typeof(CleanupAuditEntry))]
public sealed class GetCleanupHistoryCommand : CleanupCmdletBase
{
    /// <summary>Only entries at or after this time.</summary>
    [Parameter]
    [Alias("After")]
    public DateTime? Since { get; set; }

    /// <summary>Only entries at or before this time.</summary>
    [Parameter]
    [Alias("Before")]
    public DateTime? Until { get; set; }

    /// <summary>Only entries about this job.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string? JobId { get; set; }

    /// <summary>Only entries of this run (the RunId of a run summary or of another entry).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }

    /// <summary>Only entries with this outcome.</summary>
    [Parameter]
    [ValidateSet("Deleted", "Partial", "Failed", "Quarantined", "Restored", "Purged", "Changed", "Completed", "CompletedWithErrors", "Stopped", IgnoreCase = true)]
    public string? Outcome { get; set; }

    /// <summary>At most this many entries, newest first (default 1000).</summary>
    [Parameter]
    [ValidateRange(1, HistoryService.MaxLimit)]
    public int Newest { get; set; } = 1000;

    protected override void ProcessRecord() => Guard(() =>
    {
        using var context = OpenContext();
        var query = new AuditQuery
        {
            Since = Since is { } s ? ToOffset(s) : null,
            Until = Until is { } u ? ToOffset(u) : null,
            JobId = JobId,
            RunId = RunId,
            Outcome = Outcome,
            Limit = Newest,
        };
        foreach (var entry in HistoryService.Get(context, query)) WriteObject(entry);
    });

    // A bare date typed at the prompt means local time, as everywhere else in PowerShell.
    private static DateTimeOffset ToOffset(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);
}
