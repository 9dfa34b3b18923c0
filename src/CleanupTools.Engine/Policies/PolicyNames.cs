namespace CleanupTools.Policies;

/// <summary>Policy names, taken from the retention keys of reference 000/002's cleanup_config.yaml.</summary>
public static class PolicyNames
{
    public const string SuccessfulJobs = "successful_jobs";
    public const string FailedJobs = "failed_jobs";

    public static readonly IReadOnlyList<string> All = new[] { SuccessfulJobs, FailedJobs };

    public static string Canonical(string name)
    {
        var match = All.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new Configuration.ConfigurationException(
            $"Unknown retention policy '{name}'. Known policies: {string.Join(", ", All)}.");
    }
}
