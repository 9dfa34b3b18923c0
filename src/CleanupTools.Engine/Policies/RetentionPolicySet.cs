namespace CleanupTools.Policies;

/// <summary>The policies in force for one run: the built-in ones (as stored or by default) and an admin's own.</summary>
public sealed class RetentionPolicySet
{
    private readonly IReadOnlyList<RetentionPolicy> _all;

    private readonly Dictionary<(DataComponent, JobStatus?), RetentionPolicy> _components = new();

    public RetentionPolicySet(IReadOnlyList<RetentionPolicy> all)
    {
        _all = all;
        // Looked up for every component of every job a run plans: a dictionary, not a scan of the list.
        foreach (var policy in all.Where(p => p.TargetKind == PolicyTargetKind.Component && p.Component is not null))
            _components.TryAdd((policy.Component!.Value, policy.Status), policy);
        Successful = all.Single(p => p.Name == PolicyNames.SuccessfulJobs);
        Failed = all.Single(p => p.Name == PolicyNames.FailedJobs);
    }

    public RetentionPolicySet(RetentionPolicy successful, RetentionPolicy failed)
        : this(DefaultPolicies.All.Select(p => p.Name switch
        {
            PolicyNames.SuccessfulJobs => successful,
            PolicyNames.FailedJobs => failed,
            _ => p,
        }).ToArray())
    {
    }

    public static RetentionPolicySet Defaults { get; } = new(DefaultPolicies.All);

    public RetentionPolicy Successful { get; }
    public RetentionPolicy Failed { get; }

    public IReadOnlyList<RetentionPolicy> All => _all;

    public RetentionPolicy? Named(string name) => _all.FirstOrDefault(p => p.Name == name);

    /// <summary>The job-status policy of a status; running, pending and unknown statuses have none.</summary>
    public RetentionPolicy? For(JobStatus status) => status switch
    {
        JobStatus.Completed => Successful,
        JobStatus.Failed => Failed,
        _ => null,
    };

    /// <summary>
    /// The policy governing one component of a job of the given status: a component policy scoped to that status,
    /// else one for the component alone, else none (the job's status policy decides).
    /// </summary>
    public RetentionPolicy? ForComponent(DataComponent component, JobStatus status) =>
        _components.Count == 0 ? null
        : _components.GetValueOrDefault((component, status)) ?? _components.GetValueOrDefault((component, (JobStatus?)null));

    public bool AnyComponentPolicy => _components.Count > 0;

    public IEnumerable<RetentionPolicy> PathClasses => _all.Where(p => p.TargetKind == PolicyTargetKind.PathClass);

    public bool AnyKeepNewest => _all.Any(p => p.KeepNewest is > 0);
}
