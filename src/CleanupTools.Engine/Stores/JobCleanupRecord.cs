namespace CleanupTools.Stores;

/// <summary>
/// What a run writes back for one job after acting on it. <see cref="DataCleanedAt"/> is null when the job
/// had errors: its summary says what went, and the unmarked row lets the next run finish the job.
/// </summary>
public sealed record JobCleanupRecord(string JobId, string? DataCleanedAt, string Summary);
