namespace CleanupTools.Operations.Runs;

/// <summary>
/// The little that every stage of one run shares: where it runs, whom it tells, who it is, what it has added up,
/// whether it may write, and whether it has written. Everything else a stage needs it is given by name.
/// </summary>
internal sealed class RunState
{
    private bool _writable;

    public RunState(CleanupContext context, IOperationHost host, RunIdentity identity, CleanupRunSummary summary, bool dryRun, bool readOnly)
    {
        Context = context;
        Host = host;
        Identity = identity;
        Summary = summary;
        DryRun = dryRun;
        ReadOnly = readOnly;
    }

    public CleanupContext Context { get; }
    public IOperationHost Host { get; }
    public RunIdentity Identity { get; }
    public CleanupRunSummary Summary { get; }

    /// <summary>Reports what would go (WouldDelete results) and deletes nothing.</summary>
    public bool DryRun { get; }

    /// <summary>A dry run, or a -WhatIf preview: nothing at all is written, not even a refusal or a run row.</summary>
    public bool ReadOnly { get; }

    /// <summary>Whether anything of this run is in the store: only then does a run that stops early leave a Stopped run row.</summary>
    public bool RecordedAny { get; private set; }

    public void MarkRecorded() => RecordedAny = true;

    /// <summary>Where the run's time goes, phase by phase (for the benchmark).</summary>
    public RunPhaseTimes Phases { get; } = new();

    /// <summary>
    /// Taken for store calls while a batch is being deleted: the workers' re-checks and the calling thread's reads
    /// and records overlap (see <see cref="JobBatch"/>).
    /// </summary>
    public StoreTurns Turns { get; } = new();

    /// <summary>A store's stream read in turns: each step (a page read, at most) is a <see cref="StoreTurns.Calling{T}"/> read.</summary>
    public IEnumerable<T> InTurns<T>(IEnumerable<T> source)
    {
        using var items = source.GetEnumerator();
        while (true)
        {
            bool more;
            using (Phases.Time(RunPhase.Select))
            {
                more = Turns.Calling(items.MoveNext);
            }
            if (!more) yield break;
            yield return items.Current;
        }
    }

    public DateTimeOffset Now => Context.Clock.GetUtcNow();

    /// <summary>
    /// Migrates the store and proves it takes writes, once, before the run's first deletion (not at its first record):
    /// a store that cannot take the record would otherwise be found unwritable only after deletions it can never
    /// record. Not earlier either: a run the guard refuses, or whose every job is declined, leaves the store as it was.
    /// </summary>
    public void EnsureWritable()
    {
        if (ReadOnly || _writable) return;
        Turns.Alone(Context.Store.PrepareForWrites);
        _writable = true;
    }
}
