namespace CleanupTools.Operations.Runs;

/// <summary>
/// The plan stage: a batch of ids, re-read from the store now and planned. A job re-run or re-queued since the preview
/// must not lose its new data, and a hold added since the run began protects from this batch on.
/// </summary>
internal sealed class RunPlanner
{
    private readonly CleanupContext _context;
    private readonly UploadHolders _uploadHolders;
    private readonly StoreTurns _turns;

    /// <param name="readOnly">A preview: uploads are checked against the store's shared names, read once per run.</param>
    /// <param name="turns">The run's <see cref="RunState.Turns"/>: a batch is planned while the one before is being deleted.</param>
    public RunPlanner(CleanupContext context, bool readOnly, StoreTurns? turns = null)
    {
        _context = context;
        _turns = turns ?? new StoreTurns();
        _uploadHolders = readOnly ? UploadHolders.ForPreview(context.Store) : UploadHolders.AtDeletionTime();
    }

    /// <summary>One entry per distinct id, in the order given.</summary>
    public IReadOnlyList<PlannedJob> Plan(IReadOnlyCollection<string> ids)
    {
        return _turns.Calling(() => PlanNow(ids));
    }

    private IReadOnlyList<PlannedJob> PlanNow(IReadOnlyCollection<string> ids)
    {
        _context.RefreshHolds();
        var rows = _context.Store.GetJobs(ids).ToLookup(j => j.Id, StringComparer.Ordinal);
        // An id on more than one row is left alone: a deletion could not be told apart from the other row's data,
        // nor recorded on one row only.
        var current = rows.Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Deleting runs check every upload against the store as it is now; previews need only the shared names.
        var plans = SharedUploadGuard.Apply(ids.Where(current.ContainsKey).Select(id => JobPlan.For(current[id], _context)).ToArray(), _context,
                _uploadHolders)
            .ToDictionary(p => p.Job.Id, StringComparer.Ordinal);
        return ids.Select(id => new PlannedJob(id, rows[id].Count(), plans.GetValueOrDefault(id))).ToArray();
    }
}

/// <summary>One id of a batch: how many rows carry it, and its plan when exactly one does.</summary>
internal sealed record PlannedJob(string Id, int Rows, JobPlan? Plan);
