using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// An exclusive flock on a run directory, held while a run writes intents and moves entries, and while a
/// reconcile, restore or purge rewrites or removes the run. A reconcile must never judge an intent whose move
/// is still under way in another process (it would see "source present, backup absent" and drop it). The kernel
/// releases the lock when its holder dies, so a killed run never blocks anything. Without libc it is a no-op.
/// <para>
/// A flock belongs to the open file description, and a child process forked (by any thread) while the lock is held
/// shares it until the child's exec closes it (O_CLOEXEC). So a lock this very process has let go of may stay taken
/// for the few milliseconds a concurrent spawn takes, longer on a loaded machine: a "busy" lock is waited for before
/// anyone is told the run is in use.
/// </para>
/// </summary>
internal sealed unsafe class RunDirectoryLock : IDisposable
{
    /// <summary>How long a reconcile or purge waits out a lock that may only be lingering in a freshly spawned child.</summary>
    public static readonly TimeSpan SpawnGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long an act that must not be skipped (a quarantine, a restore) waits for a run moving entries to let go.</summary>
    public static readonly TimeSpan HolderWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private int _fd;

    private RunDirectoryLock(int fd) => _fd = fd;

    /// <summary>
    /// The lock, or null with <paramref name="cannotOpen"/> saying why the directory cannot be opened as a real directory
    /// (missing, a link, not permitted), or null with <paramref name="cannotOpen"/> null when another holder kept it throughout <paramref name="wait"/>.
    /// </summary>
    public static RunDirectoryLock? Acquire(string runDirectory, TimeSpan wait, out string? cannotOpen)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            if (TryAcquire(runDirectory, out cannotOpen) is { } held) return held;
            if (cannotOpen is not null || DateTime.UtcNow >= deadline) return null;
            Thread.Sleep(Poll);
        }
    }

    /// <summary>One attempt: the lock, or null (busy when <paramref name="cannotOpen"/> is null).</summary>
    public static RunDirectoryLock? TryAcquire(string runDirectory, out string? cannotOpen)
    {
        cannotOpen = null;
        if (!LibC.IsSupported) return new RunDirectoryLock(-1);
        var bytes = Encoding.UTF8.GetBytes(runDirectory + "\0");
        int fd;
        // O_NOFOLLOW: a run directory swapped for a link is never locked (nor acted on) through it.
        fixed (byte* p = bytes) fd = LibC.openat(LibC.AtFdCwd, p, LibC.OReadOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloseOnExec, 0);
        if (fd < 0)
        {
            var openErrno = Marshal.GetLastPInvokeError();
            cannotOpen = openErrno switch
            {
                LibC.ENOENT => $"the run directory '{runDirectory}' is gone (another restore or purge may have removed it)",
                // O_NOFOLLOW with O_DIRECTORY reports a link as ELOOP or ENOTDIR depending on the kernel.
                LibC.ELOOP or LibC.ENOTDIR when EntryStatus.Of(runDirectory).Kind == BackupEntryKind.Link => $"'{runDirectory}' is a link, not a run directory",
                LibC.ELOOP or LibC.ENOTDIR => $"'{runDirectory}' is not a directory",
                _ => $"the run directory '{runDirectory}' cannot be opened: {Marshal.GetPInvokeErrorMessage(openErrno)}",
            };
            return null;
        }
        if (LibC.flock(fd, LibC.LockExclusive | LibC.LockNonBlocking) == 0) return new RunDirectoryLock(fd);
        var errno = Marshal.GetLastPInvokeError();
        LibC.close(fd);
        if (errno is LibC.EWOULDBLOCK or LibC.EINTR) return null;
        throw new IOException($"Cannot lock '{runDirectory}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.close(_fd);
        _fd = -1;
    }
}
