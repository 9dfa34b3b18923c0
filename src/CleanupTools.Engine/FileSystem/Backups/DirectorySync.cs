using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// fsync of a directory: a rename, a created file or a new subdirectory is only durable once its parent
/// directory is flushed, and a manifest that says "moved" must not outlive a rename the disk never saw.
/// Where libc is not available (not Linux) this does nothing; the managed APIs offer no directory flush.
/// </summary>
internal static unsafe class DirectorySync
{
    public static void Flush(string directory)
    {
        if (!LibC.IsSupported) return;
        var bytes = Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* p = bytes) fd = LibC.openat(LibC.AtFdCwd, p, LibC.OReadOnly | LibC.ODirectory | LibC.OCloseOnExec, 0);
        if (fd < 0) throw new IOException($"cannot open {directory} to flush it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            if (LibC.fsync(fd) != 0)
                throw new IOException($"cannot flush {directory}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
