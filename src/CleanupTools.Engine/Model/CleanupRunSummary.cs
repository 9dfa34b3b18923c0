namespace CleanupTools;

/// <summary>
/// Totals of one cleanup run (reference 000's summary without its job list, which is streamed instead so
/// memory stays flat). Type name is stable: CleanupTools.CleanupRunSummary.
/// </summary>
public sealed class CleanupRunSummary
{
    /// <summary>The id under which the run's audit rows (and backups) are recorded.</summary>
    public string RunId { get; set; } = "";
    public CleanupTrigger Trigger { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset EndTime { get; set; }
    public bool DryRun { get; set; }
    public int JobsConsidered { get; set; }
    public int SuccessfulJobsProcessed { get; set; }
    public int FailedJobsProcessed { get; set; }
    public int JobsSkipped { get; set; }
    /// <summary>Jobs a hold protected at deletion time.</summary>
    public int JobsHeld { get; set; }
    public int JobsDeclined { get; set; }
    public int JobsWithErrors { get; set; }
    /// <summary>Files and directories path classes removed (or, in a dry run, would remove).</summary>
    public int PathsProcessed { get; set; }
    /// <summary>Backup runs older than the backup retention that were purged (or would be).</summary>
    public int BackupsPurged { get; set; }
    /// <summary>Bytes the backup purge freed (or would free); counted here, not in <see cref="TotalBytesFreed"/>, which is the jobs' and paths'.</summary>
    public long BackupBytesPurged { get; set; }
    /// <summary>Bytes deleted from jobs and path classes: reference 000's total_size_freed_mb.</summary>
    public long TotalBytesFreed { get; set; }
    /// <summary>Bytes quarantined (moved into the backup root): still on disk until the backup is purged.</summary>
    public long TotalBytesMoved { get; set; }
    public int ConfigsPreserved { get; set; }
    public int ConfigsDeleted { get; set; }
    public TextList Errors { get; } = new();

    public double TotalSizeFreedMB => Math.Round(TotalBytesFreed / 1048576.0, 1);
    public double TotalSizeMovedMB => Math.Round(TotalBytesMoved / 1048576.0, 1);
}
