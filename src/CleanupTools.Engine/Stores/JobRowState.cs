namespace CleanupTools.Stores;

/// <summary>
/// The values of a job row a run's decision rests on, exactly as the store read them: the raw status word and the
/// raw completion value (text, a number, or a date the driver produced). A run carries them from its evaluation to
/// its record, so a row the application changed in between (a re-run sets it back to running) is never marked.
/// </summary>
public sealed class JobRowState
{
    public JobRowState(string? rawStatus, object? completedAt)
    {
        RawStatus = rawStatus;
        CompletedAt = completedAt is DBNull ? null : completedAt;
    }

    public string? RawStatus { get; }

    /// <summary>The completion value as read (never DBNull: a missing value is null).</summary>
    public object? CompletedAt { get; }

    public static JobRowState Of(JobRecord job) => new(job.RawStatus, job.CompletedAt);

    /// <summary>Whether <paramref name="job"/>, read again, still has the status and completion value evaluated.</summary>
    public bool Matches(JobRecord job) => string.Equals(job.RawStatus, RawStatus, StringComparison.Ordinal) && SameValue(job.CompletedAt, CompletedAt);

    /// <summary>Values as drivers give them: a BLOB (byte[]) compares by content, everything else by its own equality.</summary>
    internal static bool SameValue(object? a, object? b)
    {
        if (a is DBNull) a = null;
        if (b is DBNull) b = null;
        if (a is byte[] x && b is byte[] y) return x.AsSpan().SequenceEqual(y);
        return Equals(a, b);
    }
}
