using System.Globalization;
using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// The per-item re-check stage of a run: a job is read again, alone, on the worker about to delete it and immediately
/// before it does, and re-evaluated. A batch is read once, and deleting a batch takes time: an application that re-runs
/// a job in the meantime (status back to running, new output being written) must not lose that output.
/// </summary>
internal sealed class JobRecheck : IDisposable
{
    private readonly CleanupContext _context;
    private readonly StoreTurns _turns;

    /// <summary>The workers' readers (<see cref="IJobStore.OpenJobReader"/>), one per worker at a time, opened as needed.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<IJobReader> _readers = new();

    /// <param name="turns">The run's <see cref="RunState.Turns"/>, shared with its calling thread.</param>
    public JobRecheck(CleanupContext context, StoreTurns? turns = null)
    {
        _context = context;
        _turns = turns ?? new StoreTurns();
    }

    /// <summary>
    /// From now on the workers read on readers of their own, when the store has them (until then, and otherwise,
    /// they take turns on the store's connection). Call before the first batch is deleted; <see cref="Dispose"/> closes them.
    /// </summary>
    public void UseOwnReaders()
    {
        if (_turns.WorkersHaveReaders || _context.Store.OpenJobReader() is not { } reader) return;
        _readers.Add(reader);
        _turns.WorkersHaveReaders = true;
    }

    public void Dispose()
    {
        while (_readers.TryTake(out var reader)) reader.Dispose();
    }

    /// <summary>
    /// Null when the job still reads as <paramref name="plan"/> evaluated it and may still go; otherwise why it must be
    /// left alone, with the row as it is now (null when it is gone). Safe to call from several workers at once.
    /// </summary>
    public JobRecheckRefusal? Check(JobPlan plan)
    {
        var rows = Read(plan.Job.Id);
        if (rows.Count == 0) return new JobRecheckRefusal("it is no longer in the store", null);
        if (rows.Count > 1) return new JobRecheckRefusal($"its id is now on {rows.Count} rows", null);
        var current = rows[0];
        if (Change(JobRowState.Of(plan.Job), current) is { } change)
            return new JobRecheckRefusal($"{change} since it was evaluated", current);
        if (!string.Equals(plan.Job.DemFilename, current.DemFilename, StringComparison.Ordinal))
            return new JobRecheckRefusal($"its upload changed from {Quote(plan.Job.DemFilename)} to {Quote(current.DemFilename)} since it was evaluated", current);
        // Same status and completion: the verdict can still differ (another run has cleaned it, a hold read with this batch).
        var again = JobPlan.For(current, _context);
        if (!again.CanAct) return new JobRecheckRefusal(again.PathProblem ?? again.Decision.Reason, current);
        return null;
    }

    private IReadOnlyList<JobRecord> Read(string id)
    {
        var ids = new[] { id };
        if (!_turns.WorkersHaveReaders) return _turns.Worker(() => _context.Store.GetJobs(ids));
        if (!_readers.TryTake(out var reader)) reader = _context.Store.OpenJobReader()!;
        try
        {
            return _turns.Worker(() => reader.GetJobs(ids));
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    /// <summary>What differs between the row as evaluated and as read now, in the words a report uses; null when nothing does.</summary>
    public static string? Change(JobRowState evaluated, JobRecord current)
    {
        var changes = new List<string>();
        if (!string.Equals(evaluated.RawStatus, current.RawStatus, StringComparison.Ordinal))
            changes.Add($"status changed from {Quote(evaluated.RawStatus)} to {Quote(current.RawStatus)}");
        if (!JobRowState.SameValue(evaluated.CompletedAt, current.CompletedAt))
            changes.Add($"completion time changed from {Value(evaluated.CompletedAt)} to {Value(current.CompletedAt)}");
        return changes.Count == 0 ? null : string.Join(" and ", changes);
    }

    private static string Quote(string? text) => text is null ? "NULL" : $"'{text}'";

    private static string Value(object? value) => value switch
    {
        null or DBNull => "NULL",
        DateTime at => $"'{at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)}'",
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}

/// <summary>Why the re-check left a job alone, and its row as read at that moment (null when it is gone or ambiguous).</summary>
internal sealed record JobRecheckRefusal(string Reason, JobRecord? Current);
