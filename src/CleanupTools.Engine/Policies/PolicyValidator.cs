using System.Text.RegularExpressions;
using CleanupTools.Configuration;

namespace CleanupTools.Policies;

/// <summary>
/// The rules every policy definition obeys, whoever wrote it (a parameter, an imported file, a hand-edited row):
/// checked before anything is stored, so a bad definition never reaches a run.
/// </summary>
public static partial class PolicyValidator
{
    public const int MaxKeepNewest = 1_000_000;
    public const int MaxPatterns = 64;

    public static void Validate(RetentionPolicy policy)
    {
        if (PolicyNames.Normalize(policy.Name) != policy.Name)
            throw new ConfigurationException($"The policy name '{policy.Name}' must be lower-case.");
        if (policy.Retention < TimeSpan.Zero)
            throw new ConfigurationException($"The retention of {policy.Name} may not be negative (got {policy.Retention}).");
        if (policy.Retention > SettingValueParser.MaxRetention)
            throw new ConfigurationException($"The retention of {policy.Name} ({policy.Retention.TotalDays:0.##} days) is longer than the {SettingValueParser.MaxRetention.TotalDays:0} days allowed.");
        if (policy.Action is not (CleanupAction.DeleteData or CleanupAction.DeleteAll or CleanupAction.Quarantine))
            throw new ConfigurationException($"The action of {policy.Name} must be DeleteData, DeleteAll or Quarantine (got {policy.Action}).");
        if (policy.KeepNewest is < 0)
            throw new ConfigurationException($"KeepNewest of {policy.Name} may not be below zero (got {policy.KeepNewest}).");
        if (policy.KeepNewest > MaxKeepNewest)
            throw new ConfigurationException($"KeepNewest of {policy.Name} may be at most {MaxKeepNewest} (got {policy.KeepNewest}).");
        if (policy.KeepNewestPerWorkflow && policy.KeepNewest is null or 0)
            throw new ConfigurationException($"{policy.Name} keeps the newest per workflow type, but keeps none: give KeepNewest 1 or more.");
        if (policy.Description is { Length: > 1000 })
            throw new ConfigurationException($"The description of {policy.Name} may be at most 1000 characters.");

        switch (policy.TargetKind)
        {
            case PolicyTargetKind.JobStatus:
                if (policy.Status is not (JobStatus.Completed or JobStatus.Failed))
                    throw new ConfigurationException($"{policy.Name} must target completed or failed jobs; running, pending and unknown jobs are never cleaned.");
                NoPathClassFields(policy);
                break;
            case PolicyTargetKind.Component:
                if (policy.Component is null)
                    throw new ConfigurationException($"{policy.Name} is a component policy without a component (results, uploads, logs or temp).");
                if (policy.Component == DataComponent.Configuration)
                    throw new ConfigurationException(
                        $"{policy.Name}: a job's configuration is its record in the store, which CleanupTools always keeps (reference 000: preserved forever); choose results, uploads, logs or temp.");
                if (policy.Status is not (null or JobStatus.Completed or JobStatus.Failed))
                    throw new ConfigurationException($"{policy.Name} may be scoped to completed or failed jobs only.");
                if (policy.KeepNewest is not null)
                    throw new ConfigurationException($"{policy.Name}: keep-newest belongs on a job-status policy (successful_jobs, failed_jobs), not on one component.");
                if (policy.Action != CleanupAction.DeleteData)
                    throw new ConfigurationException($"{policy.Name}: a component policy decides when its component goes; how (delete or quarantine) follows the job's own policy, so its action stays DeleteData.");
                NoPathClassFields(policy);
                break;
            case PolicyTargetKind.PathClass:
                if (policy.Status is not null || policy.Component is not null)
                    throw new ConfigurationException($"{policy.Name} is a path class; it has patterns and a root, not a job status or component.");
                if (policy.Action == CleanupAction.Quarantine)
                    throw new ConfigurationException($"{policy.Name} is a path class; path classes delete what they match (quarantine keeps job data, whose backups restore by job).");
                if (policy.KeepNewest is not null || policy.KeepNewestPerWorkflow)
                    throw new ConfigurationException($"{policy.Name} is a path class; keep-newest belongs on a job-status policy (successful_jobs, failed_jobs).");
                if (policy.Patterns.Count == 0)
                    throw new ConfigurationException($"{policy.Name} is a path class without any pattern.");
                if (policy.Patterns.Count > MaxPatterns)
                    throw new ConfigurationException($"{policy.Name} has {policy.Patterns.Count} patterns; at most {MaxPatterns} are allowed.");
                foreach (var pattern in policy.Patterns) GlobPattern.Validate(pattern, policy.Name);
                if (policy.Root is not null) StorageRoot.Create($"root of {policy.Name}", policy.Root);
                if (policy.MatchStatus is not null && !StatusWord().IsMatch(policy.MatchStatus))
                    throw new ConfigurationException($"The status {policy.Name} matches must be a single lower-case word (got '{StorageRoot.Printable(policy.MatchStatus)}').");
                break;
            default:
                throw new ConfigurationException($"{policy.Name} has an unknown target kind ({(int)policy.TargetKind}).");
        }
    }

    private static void NoPathClassFields(RetentionPolicy policy)
    {
        if (policy.Root is not null || policy.Patterns.Count > 0 || policy.MatchStatus is not null)
            throw new ConfigurationException($"{policy.Name} is not a path class; roots, patterns and matched statuses belong to path classes.");
    }

    [GeneratedRegex("^[a-z][a-z_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusWord();
}
