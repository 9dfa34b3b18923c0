namespace CleanupTools;

/// <summary>What a retention policy applies to.</summary>
public enum PolicyTargetKind
{
    /// <summary>Every job of one status (successful_jobs, failed_jobs).</summary>
    JobStatus,
    /// <summary>One data component of finished jobs (their logs, their uploads, ...), optionally of one status only.</summary>
    Component,
    /// <summary>A named set of glob patterns under a root (reference 001's operation files, logs and temp files).</summary>
    PathClass,
}
