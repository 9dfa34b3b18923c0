using System.IO.Enumeration;

namespace CleanupTools.Operations;

/// <summary>Narrows which jobs an operation looks at: status classes, a minimum age and job-id wildcards (* and ?).</summary>
public sealed class CandidateFilter
{
    public IReadOnlyCollection<JobStatus>? Statuses { get; init; }
    public TimeSpan? OlderThan { get; init; }
    public IReadOnlyCollection<string>? JobIdPatterns { get; init; }

    public static CandidateFilter None { get; } = new();

    internal IReadOnlyCollection<string>? RawStatuses(Configuration.JobTableMapping mapping) =>
        Statuses is null ? null : Statuses.SelectMany(mapping.RawValuesFor).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The ids asked for when every pattern is a literal id (no * or ?): those jobs are read by key, so asking for a
    /// few jobs costs a few rows whatever the size of the table, and an id the store lacks can be reported as such.
    /// </summary>
    internal IReadOnlyCollection<string>? LiteralJobIds =>
        JobIdPatterns is { Count: > 0 } patterns && patterns.All(p => p.IndexOfAny(WildcardCharacters) < 0)
            ? patterns.Distinct(StringComparer.Ordinal).ToArray()
            : null;

    private static readonly char[] WildcardCharacters = { '*', '?' };

    internal bool MatchesId(string id) =>
        JobIdPatterns is null || JobIdPatterns.Count == 0
        || JobIdPatterns.Any(p => FileSystemName.MatchesSimpleExpression(p, id, ignoreCase: true));

    internal bool MatchesAge(TimeSpan? age) => OlderThan is null || (age is { } a && a >= OlderThan);
}
