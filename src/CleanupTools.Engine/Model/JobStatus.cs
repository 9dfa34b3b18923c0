namespace CleanupTools;

/// <summary>The lifecycle class a job's raw status value maps to.</summary>
public enum JobStatus
{
    Completed,
    Failed,
    Running,
    Pending,
    /// <summary>A raw status no mapping names; such jobs are never touched.</summary>
    Unknown,
}
