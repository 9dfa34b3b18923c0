using System.Diagnostics;
using CleanupTools.Configuration;
using CleanupTools.FileSystem;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The SQLite store's run lock: an exclusive lock on a file beside the database (flock on Unix, a share-none
/// handle on Windows), which the operating system releases when the holder exits or is killed. The holder's
/// description goes into a second file, since the locked file cannot be read by the process that is refused.
/// Unlinking a lock file others wait on lets two holders in, so it is removed only where a waiter can tell (by
/// inode) that the file it locked is no longer the one named; elsewhere it is never deleted.
/// Both files sit beside the database's real path (links resolved), so every spelling of one database file
/// contends for one lock; neither is ever opened through a link (see <see cref="NoFollowFile"/>).
/// </summary>
internal sealed class SqliteRunLock : IDisposable
{
    /// <summary>Waits between tries double from the first to the last, so a long wait costs a few wake-ups a second.</summary>
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LastPause = TimeSpan.FromMilliseconds(500);
    /// <summary>Immediate retries after the lock file was replaced under us; beyond them each try waits like any other.</summary>
    private const int ReplacedRetries = 3;

    private readonly FileStream _lock;
    private readonly string _lockFile;
    private readonly string _holderFile;

    private SqliteRunLock(FileStream @lock, string lockFile, string holderFile)
    {
        _lock = @lock;
        _lockFile = lockFile;
        _holderFile = holderFile;
    }

    public static string LockPath(string databasePath) => LockPathOf(RealDatabasePath(databasePath));

    public static string HolderPath(string databasePath) => HolderPathOf(RealDatabasePath(databasePath));

    /// <summary>The database file with every link on its way resolved: one lock per file, however it is spelled.</summary>
    private static string RealDatabasePath(string databasePath) => PathRelations.Resolve(Path.GetFullPath(databasePath));

    private static string LockPathOf(string realDatabasePath) => realDatabasePath + ".cleanuptools-lock";

    private static string HolderPathOf(string realDatabasePath) => realDatabasePath + ".cleanuptools-lock.holder";

    /// <exception cref="StoreBusyException">Another run held the lock for all of <paramref name="wait"/>.</exception>
    /// <exception cref="ConfigurationException">A link (or something else than a plain file) sits where a lock file goes.</exception>
    public static SqliteRunLock Acquire(string databasePath, string storeDescription, RunHolder holder, TimeSpan wait, CancellationToken cancellation)
    {
        var database = RealDatabasePath(databasePath);
        var lockFile = LockPathOf(database);
        var holderFile = HolderPathOf(database);
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPause;
        var replaced = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (Refusing(storeDescription, () => NoFollowFile.TryLockExclusive(lockFile)) is { } stream)
            {
                if (StillNamedBy(stream, lockFile))
                {
                    var taken = new SqliteRunLock(stream, lockFile, holderFile);
                    try
                    {
                        Refusing(storeDescription, () => NoFollowFile.WriteNew(holderFile, $"{holder}, database {database}"));
                    }
                    catch
                    {
                        taken.Release(removeHolder: false); // whatever is at the holder path is not ours to remove
                        throw;
                    }
                    return taken;
                }
                stream.Dispose();
                // The previous holder removed the file between our open and our lock: the new one is usually free at
                // once, but only a few times without waiting, so a file swapped over and over cannot make this spin.
                if (++replaced <= ReplacedRetries) continue;
            }
            var waited = Stopwatch.GetElapsedTime(started);
            if (waited >= wait)
                throw new StoreBusyException(storeDescription, NoFollowFile.TryReadText(holderFile)?.Trim(), waited);
            cancellation.WaitHandle.WaitOne(pause < wait - waited ? pause : wait - waited);
            pause = pause * 2 < LastPause ? pause * 2 : LastPause;
        }
    }

    public void Dispose() => Release(removeHolder: true);

    private void Release(bool removeHolder)
    {
        // Both files go while the lock is still held: once it is released another run may create its own.
        // Each is removed by name only (a link there is unlinked, never followed), the lock file only while it
        // is still the one this run locked.
        try
        {
            if (removeHolder) File.Delete(_holderFile);
            if (CanCompareInodes && StillNamedBy(_lock, _lockFile)) File.Delete(_lockFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        _lock.Dispose();
    }

    /// <summary>A link or an odd file where a lock file goes is the installation's problem: exit 2, nothing touched.</summary>
    private static T Refusing<T>(string storeDescription, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (UnsafePathException e)
        {
            throw new ConfigurationException($"Cannot take the run lock of {storeDescription}: {e.Message} Nothing was touched; remove it and run again.", e);
        }
    }

    private static void Refusing(string storeDescription, Action write) => Refusing(storeDescription, () =>
    {
        write();
        return true;
    });

    private static bool CanCompareInodes => FileSystem.Unix.LibC.IsSupported;

    private static bool StillNamedBy(FileStream stream, string path)
    {
        if (!CanCompareInodes) return true; // the file is never removed there, so it is always the one named
        var held = FileSystem.Unix.LibC.InodeOf((int)stream.SafeFileHandle.DangerousGetHandle());
        return held is not null && held == FileSystem.Unix.LibC.InodeOf(path);
    }
}
