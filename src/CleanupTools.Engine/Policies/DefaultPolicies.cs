namespace CleanupTools.Policies;

/// <summary>References 000/002's defaults: successful jobs 7 days (168 h), failed jobs 12 hours.</summary>
public static class DefaultPolicies
{
    public static readonly TimeSpan SuccessfulRetention = TimeSpan.FromHours(168);
    public static readonly TimeSpan FailedRetention = TimeSpan.FromHours(12);

    public static RetentionPolicy Successful(TimeSpan retention, SettingSource source) => new()
    {
        Name = PolicyNames.SuccessfulJobs,
        Target = JobStatus.Completed,
        Retention = retention,
        Action = CleanupAction.DeleteData,
        Source = source,
        Description = "Completed jobs: delete results, uploaded DEM and temp files; keep the job record and its configuration.",
    };

    public static RetentionPolicy Failed(TimeSpan retention, SettingSource source) => new()
    {
        Name = PolicyNames.FailedJobs,
        Target = JobStatus.Failed,
        Retention = retention,
        Action = CleanupAction.DeleteAll,
        Source = source,
        Description = "Failed jobs: delete all their files; keep the job record and its error information.",
    };
}
