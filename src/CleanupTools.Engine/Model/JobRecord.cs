namespace CleanupTools;

/// <summary>One row of the job table, as the store read it, with its status already mapped.</summary>
/// <param name="CompletedAt">The raw completion value: text, or a date the driver produced.</param>
public sealed record JobRecord(
    string Id,
    string? WorkflowType,
    string? RawStatus,
    JobStatus Status,
    object? CompletedAt,
    string? DemFilename,
    string? DataCleanedAt)
{
    /// <summary>Why the row's id cannot name the job's directories (a BLOB id), or null: the job is then refused, not guessed at.</summary>
    public string? IdProblem { get; init; }
}
