using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// An exclusive flock on a run directory, held while a run writes intents and moves entries, and while a
/// reconcile, restore or purge rewrites or removes the run. A reconcile must never judge an intent whose move
/// is still under way in another process (it would see "source present, backup absent" and drop it). The kernel
/// releases the lock when its holder dies, so a killed run never blocks anything. Without libc it is a no-op.
/// </summary>
internal sealed unsafe class RunDirectoryLock : IDisposable
{
    private int _fd;

    private RunDirectoryLock(int fd) => _fd = fd;

    /// <summary>The lock, or null when another holder has it (or the directory cannot be opened as a real directory).</summary>
    public static RunDirectoryLock? TryAcquire(string runDirectory)
    {
        if (!LibC.IsSupported) return new RunDirectoryLock(-1);
        var bytes = Encoding.UTF8.GetBytes(runDirectory + "\0");
        int fd;
        // O_NOFOLLOW: a run directory swapped for a link is never locked (nor acted on) through it.
        fixed (byte* p = bytes) fd = LibC.openat(LibC.AtFdCwd, p, LibC.OReadOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloseOnExec, 0);
        if (fd < 0) return null;
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
