using System.Text.RegularExpressions;
using CleanupTools.Configuration;

namespace CleanupTools.Policies;

/// <summary>
/// Policy names: the built-in ones come from reference 000/002's retention keys (successful_jobs, failed_jobs)
/// and reference 001's data types; an admin's own policies take any name of the same shape.
/// </summary>
public static partial class PolicyNames
{
    public const string SuccessfulJobs = "successful_jobs";
    public const string FailedJobs = "failed_jobs";
    public const string PipelineOperations = "pipeline_operations";
    public const string FailedOperations = "failed_operations";
    public const string CompletedOperations = "completed_operations";
    public const string DbtLogs = "dbt_logs";
    public const string SystemLogs = "system_logs";
    public const string TempFiles = "temp_files";

    public static readonly IReadOnlyList<string> BuiltIn = new[]
    {
        SuccessfulJobs, FailedJobs, PipelineOperations, FailedOperations, CompletedOperations, DbtLogs, SystemLogs, TempFiles,
    };

    public static bool IsBuiltIn(string name) => BuiltIn.Contains(name, StringComparer.Ordinal);

    /// <summary>Lower-cases and checks a name: a letter, then letters, digits or underscores, at most 63 in all.</summary>
    public static string Normalize(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant() ?? "";
        if (!Shape().IsMatch(trimmed))
            throw new ConfigurationException(
                $"'{StorageRoot.Printable(name)}' is not a usable policy name: use a letter, then letters, digits or underscores (at most 63), e.g. {DbtLogs}.");
        return trimmed;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
