namespace CleanupTools.Operations.Runs;

/// <summary>
/// Who may use the store when, while a batch is being deleted (<see cref="JobBatch"/>): its workers re-read their
/// jobs (<see cref="JobRecheck"/>) while the calling thread reads the next batch and records the last one. A record
/// always goes alone, so a worker never reads while it commits (SQLite would make one of them wait its busy time).
/// With readers of their own (<see cref="Stores.IJobStore.OpenJobReader"/>) the workers read side by side and the
/// calling thread's reads need no turn; otherwise every store call takes its turn on the store's one connection.
/// </summary>
internal sealed class StoreTurns
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Whether the workers read on readers of their own; set before the first batch is deleted.</summary>
    public bool WorkersHaveReaders { get; set; }

    /// <summary>A worker's re-read.</summary>
    public T Worker<T>(Func<T> read)
    {
        if (!WorkersHaveReaders) return Alone(read);
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>A read of the calling thread on the store's own connection.</summary>
    public T Calling<T>(Func<T> read) => WorkersHaveReaders ? read() : Alone(read);

    /// <summary>A write (or a read among writes): with nothing else on the store.</summary>
    public T Alone<T>(Func<T> act)
    {
        _lock.EnterWriteLock();
        try
        {
            return act();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Alone(Action act) => Alone(() =>
    {
        act();
        return true;
    });
}
