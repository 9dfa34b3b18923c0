namespace CleanupTools.Policies;

/// <summary>The policies in force for one run, one per cleanable status.</summary>
public sealed class RetentionPolicySet
{
    public RetentionPolicySet(RetentionPolicy successful, RetentionPolicy failed)
    {
        Successful = successful;
        Failed = failed;
    }

    public static RetentionPolicySet Defaults { get; } = new(
        DefaultPolicies.Successful(DefaultPolicies.SuccessfulRetention, SettingSource.Default),
        DefaultPolicies.Failed(DefaultPolicies.FailedRetention, SettingSource.Default));

    public RetentionPolicy Successful { get; }
    public RetentionPolicy Failed { get; }

    public IReadOnlyList<RetentionPolicy> All => new[] { Successful, Failed };

    public RetentionPolicy? For(JobStatus status) => status switch
    {
        JobStatus.Completed => Successful,
        JobStatus.Failed => Failed,
        _ => null,
    };
}
