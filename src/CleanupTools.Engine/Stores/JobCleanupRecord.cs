namespace CleanupTools.Stores;

/// <summary>
/// What a run writes back for one job after acting on it. <see cref="DataCleanedAt"/> is null when the job
/// had errors: its summary says what went, and the unmarked row lets the next run finish the job.
/// </summary>
public sealed record JobCleanupRecord(string JobId, string? DataCleanedAt, string Summary)
{
    /// <summary>
    /// The row as the run evaluated it. When set, the store writes the record only where the row's status and completion
    /// value are still these (checked by the UPDATE itself, so nothing can change the row between check and write);
    /// a row that changed is left as the application wrote it and reported back by RecordCleanups. Null writes by id alone.
    /// </summary>
    public JobRowState? Evaluated { get; init; }
}
