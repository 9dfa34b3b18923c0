namespace CleanupTools.Policies;

/// <summary>
/// The built-in policies. Job statuses: references 000/002 (successful jobs 7 days, failed jobs 12 hours).
/// Path classes: reference 001's data types and retentions; they have no root until an admin gives one,
/// because the places reference 001 cleaned (/tmp) are no safe default.
/// </summary>
public static class DefaultPolicies
{
    public static readonly TimeSpan SuccessfulRetention = TimeSpan.FromHours(168);
    public static readonly TimeSpan FailedRetention = TimeSpan.FromHours(12);

    /// <summary>Reference 001's operation files; their own status field picks the failed or completed policy.</summary>
    public const string OperationFilePattern = "operation_*.json";

    public static RetentionPolicy Successful(TimeSpan retention, SettingSource source) => new()
    {
        Name = PolicyNames.SuccessfulJobs,
        TargetKind = PolicyTargetKind.JobStatus,
        Status = JobStatus.Completed,
        Retention = retention,
        Action = CleanupAction.DeleteData,
        Source = source,
        Description = "Completed jobs: delete results, uploaded DEM, logs and temp files; keep the job record and its configuration.",
    };

    public static RetentionPolicy Failed(TimeSpan retention, SettingSource source) => new()
    {
        Name = PolicyNames.FailedJobs,
        TargetKind = PolicyTargetKind.JobStatus,
        Status = JobStatus.Failed,
        Retention = retention,
        Action = CleanupAction.DeleteAll,
        Source = source,
        Description = "Failed jobs: delete all their files; keep the job record and its error information.",
    };

    /// <summary>Every built-in policy with its default values, in the order they are listed.</summary>
    public static IReadOnlyList<RetentionPolicy> All { get; } = new[]
    {
        Successful(SuccessfulRetention, SettingSource.Default),
        Failed(FailedRetention, SettingSource.Default),
        PathClass(PolicyNames.PipelineOperations, 30, "Pipeline operation files (execution records and progress) without a finished status.", null, OperationFilePattern),
        PathClass(PolicyNames.FailedOperations, 14, "Operation files whose status is failed (kept longer for debugging).", "failed", OperationFilePattern),
        PathClass(PolicyNames.CompletedOperations, 90, "Operation files whose status is completed.", "completed", OperationFilePattern),
        PathClass(PolicyNames.DbtLogs, 7, "DBT transformation logs and artifacts.", null, "**/dbt*.log"),
        PathClass(PolicyNames.SystemLogs, 30, "Application and system logs.", null, "**/*.log"),
        PathClass(PolicyNames.TempFiles, 1, "Temporary files and cache.", null, "**/*.tmp", "**/*.temp"),
    };

    public static RetentionPolicy? Named(string name) => All.FirstOrDefault(p => p.Name == name);

    private static RetentionPolicy PathClass(string name, int days, string description, string? matchStatus, params string[] patterns) => new()
    {
        Name = name,
        TargetKind = PolicyTargetKind.PathClass,
        Patterns = patterns,
        MatchStatus = matchStatus,
        Retention = TimeSpan.FromDays(days),
        Action = CleanupAction.DeleteAll,
        Source = SettingSource.Default,
        Description = description,
    };
}
