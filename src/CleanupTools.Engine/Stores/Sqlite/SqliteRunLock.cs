namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The SQLite store's run lock: an exclusive lock on a file beside the database (flock on Unix, a share-none
/// handle on Windows), which the operating system releases when the holder exits or is killed. The holder's
/// description goes into a second file, since the locked file cannot be read by the process that is refused.
/// The lock file itself is never deleted: unlinking a lock file others wait on lets two holders in.
/// </summary>
internal sealed class SqliteRunLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _lock;
    private readonly string _lockFile;
    private readonly string _holderFile;

    private SqliteRunLock(FileStream @lock, string lockFile, string holderFile)
    {
        _lock = @lock;
        _lockFile = lockFile;
        _holderFile = holderFile;
    }

    public static string LockPath(string databasePath) => databasePath + ".cleanuptools-lock";

    public static string HolderPath(string databasePath) => databasePath + ".cleanuptools-lock.holder";

    public static SqliteRunLock Acquire(string databasePath, string storeDescription, RunHolder holder, TimeSpan wait, CancellationToken cancellation)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (TryOpen(LockPath(databasePath)) is { } stream)
            {
                if (StillNamedBy(stream, LockPath(databasePath)))
                {
                    File.WriteAllText(HolderPath(databasePath), holder.ToString());
                    return new SqliteRunLock(stream, LockPath(databasePath), HolderPath(databasePath));
                }
                stream.Dispose(); // locked a file the previous holder had just removed: try the new one
                continue;
            }
            var waited = DateTime.UtcNow - started;
            if (waited >= wait)
                throw new StoreBusyException(storeDescription, ReadHolder(databasePath), waited);
            cancellation.WaitHandle.WaitOne(Poll);
        }
    }

    public void Dispose()
    {
        // Both files go while the lock is still held: once it is released another run may create its own.
        try
        {
            File.Delete(_holderFile);
            if (CanCompareInodes) File.Delete(_lockFile);
        }
        catch (IOException)
        {
        }
        _lock.Dispose();
    }

    private static bool CanCompareInodes => FileSystem.Unix.LibC.IsSupported;

    private static bool StillNamedBy(FileStream stream, string path)
    {
        if (!CanCompareInodes) return true; // the file is never removed there, so it is always the one named
        var held = FileSystem.Unix.LibC.InodeOf((int)stream.SafeFileHandle.DangerousGetHandle());
        return held is not null && held == FileSystem.Unix.LibC.InodeOf(path);
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // held by another process
        }
    }

    private static string? ReadHolder(string databasePath)
    {
        try
        {
            return File.ReadAllText(HolderPath(databasePath)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
