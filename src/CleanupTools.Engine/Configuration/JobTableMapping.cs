using System.Text.RegularExpressions;

namespace CleanupTools.Configuration;

/// <summary>
/// Where the job data lives in an application's schema. Defaults are reference 000's <c>jobs</c> table;
/// other applications map their own table, columns and status words.
/// </summary>
public sealed partial class JobTableMapping
{
    public string Table { get; set; } = "jobs";
    public string IdColumn { get; set; } = "id";
    public string StatusColumn { get; set; } = "status";
    public string CompletedAtColumn { get; set; } = "completed_at";
    public string WorkflowTypeColumn { get; set; } = "workflow_type";
    public string DemFilenameColumn { get; set; } = "dem_filename";
    public string DataCleanedAtColumn { get; set; } = "data_cleaned_at";
    public string CleanupSummaryColumn { get; set; } = "cleanup_summary";
    public string ClaimedByColumn { get; set; } = "cleanup_claimed_by";
    public string ClaimedUntilColumn { get; set; } = "cleanup_claimed_until";
    public string[] CompletedStatuses { get; set; } = { "completed" };
    public string[] FailedStatuses { get; set; } = { "failed" };
    public string[] RunningStatuses { get; set; } = { "running" };
    public string[] PendingStatuses { get; set; } = { "pending" };

    /// <summary>
    /// Maps a raw status word exactly as stored (case-sensitive, like the SQL filter that selects by status),
    /// so a preview and a run can never disagree about which rows a word covers.
    /// </summary>
    public JobStatus Classify(string? raw)
    {
        if (raw is null) return JobStatus.Unknown;
        var value = raw;
        // Running and pending are checked first: if a word were listed twice, the safe reading wins.
        if (Contains(RunningStatuses, value)) return JobStatus.Running;
        if (Contains(PendingStatuses, value)) return JobStatus.Pending;
        if (Contains(CompletedStatuses, value)) return JobStatus.Completed;
        if (Contains(FailedStatuses, value)) return JobStatus.Failed;
        return JobStatus.Unknown;
    }

    public IReadOnlyList<string> RawValuesFor(JobStatus status) => status switch
    {
        JobStatus.Completed => CompletedStatuses,
        JobStatus.Failed => FailedStatuses,
        JobStatus.Running => RunningStatuses,
        JobStatus.Pending => PendingStatuses,
        _ => Array.Empty<string>(),
    };

    /// <summary>Rejects names that are not plain SQL identifiers: they are spliced into SQL (quoted), never user values.</summary>
    public void Validate()
    {
        foreach (var (what, name) in Identifiers())
        {
            if (string.IsNullOrEmpty(name) || !IdentifierPattern().IsMatch(name))
                throw new ConfigurationException($"The {what} name '{name}' is not a plain SQL identifier (letters, digits and _, not starting with a digit, at most 63 characters).");
        }
        foreach (var (what, values) in new[] { ("completed", CompletedStatuses), ("failed", FailedStatuses), ("running", RunningStatuses), ("pending", PendingStatuses) })
        {
            if (values is null || values.Length == 0 || values.Any(string.IsNullOrWhiteSpace))
                throw new ConfigurationException($"The {what} status values must list at least one non-blank word.");
        }
        var cleanable = CompletedStatuses.Concat(FailedStatuses);
        var active = RunningStatuses.Concat(PendingStatuses);
        var clash = cleanable.FirstOrDefault(c => active.Contains(c, StringComparer.Ordinal));
        if (clash is not null)
            throw new ConfigurationException($"The status value '{clash}' is mapped both to a cleanable status and to running/pending.");
    }

    public IEnumerable<(string What, string Name)> Identifiers()
    {
        yield return ("table", Table);
        yield return ("id column", IdColumn);
        yield return ("status column", StatusColumn);
        yield return ("completed-at column", CompletedAtColumn);
        yield return ("workflow-type column", WorkflowTypeColumn);
        yield return ("DEM filename column", DemFilenameColumn);
        yield return ("data-cleaned-at column", DataCleanedAtColumn);
        yield return ("cleanup-summary column", CleanupSummaryColumn);
        yield return ("claimed-by column", ClaimedByColumn);
        yield return ("claimed-until column", ClaimedUntilColumn);
    }

    private static bool Contains(string[] values, string value) => values.Contains(value, StringComparer.Ordinal);

    // \z, not $: $ also matches before a trailing newline, which would let "jobs\n" through.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,62}\z")]
    private static partial Regex IdentifierPattern();
}
