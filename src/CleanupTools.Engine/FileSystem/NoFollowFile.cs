using System.Runtime.InteropServices;
using CleanupTools.FileSystem.Unix;
using Microsoft.Win32.SafeHandles;

namespace CleanupTools.FileSystem;

/// <summary>
/// Opens the small files the tool itself keeps beside a store (the SQLite run lock and its holder) without ever
/// following a link put there: anyone who can write that directory could otherwise make the tool create,
/// overwrite or lock a file elsewhere. A link is an <see cref="UnsafePathException"/> naming the path. On Linux
/// the kernel refuses the link in the open itself (O_NOFOLLOW, O_EXCL); elsewhere the managed APIs always follow
/// one, so a link is looked for before the open and again after it, which leaves a narrow race there.
/// </summary>
internal static unsafe class NoFollowFile
{
    /// <summary>rw-rw-rw- before the umask, as File and FileStream create files.</summary>
    private const int CreateMode = 0x1B6;
    private const int MaxRead = 4096;

    /// <summary>
    /// Opens (creating if missing) <paramref name="path"/> and takes an exclusive lock on it that the OS releases
    /// when the process dies; null when another process holds that lock.
    /// </summary>
    public static FileStream? TryLockExclusive(string path)
    {
        if (!LibC.IsSupported) return TryLockManaged(path);
        var handle = Open(path, LibC.OReadWrite | LibC.OCreate);
        if (!LibC.TryStat((int)handle.DangerousGetHandle(), out var type, out _) || type != LibC.SIfReg)
        {
            handle.Dispose();
            throw new UnsafePathException($"'{path}' is not a regular file; refusing to use it as a lock.");
        }
        if (LibC.flock((int)handle.DangerousGetHandle(), LibC.LockExclusive | LibC.LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            if (errno is LibC.EWOULDBLOCK or LibC.EINTR) return null;
            throw new IOException($"Cannot lock '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>
    /// Writes <paramref name="text"/> as a new file at <paramref name="path"/>: a plain file already there (left by a
    /// killed run) is removed first and the new one created exclusively, so neither a symbolic nor a hard link there
    /// carries the write anywhere else.
    /// </summary>
    public static void WriteNew(string path, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (!LibC.IsSupported)
        {
            RefuseManagedLink(path);
            File.Delete(path);
            using var managed = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            managed.Write(bytes);
            return;
        }
        switch (LibC.TypeOf(path))
        {
            case LibC.SIfLnk:
                throw Link(path);
            case LibC.SIfDir:
                throw new UnsafePathException($"'{path}' is a directory; refusing to write over it.");
            case not null:
                Unlink(path);
                break;
        }
        using var stream = new FileStream(Open(path, LibC.OWriteOnly | LibC.OCreate | LibC.OExclusive), FileAccess.Write, bufferSize: 0);
        stream.Write(bytes);
    }

    /// <summary>The text of a small regular file; null if it is missing, unreadable, or a link (never followed).</summary>
    public static string? TryReadText(string path)
    {
        try
        {
            if (!LibC.IsSupported)
            {
                if (IsManagedLink(path)) return null;
                return File.ReadAllText(path);
            }
            using var handle = Open(path, LibC.OReadOnly);
            if (!LibC.TryStat((int)handle.DangerousGetHandle(), out var type, out _) || type != LibC.SIfReg) return null;
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            var buffer = new byte[MaxRead];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnsafePathException)
        {
            return null;
        }
    }

    private static SafeFileHandle Open(string path, int flags)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
            fd = LibC.openat(LibC.AtFdCwd, p, flags | LibC.ONoFollow | LibC.OCloseOnExec | LibC.ONonBlock, CreateMode);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        // ELOOP is O_NOFOLLOW meeting a link; EEXIST under O_EXCL means something appeared after the removal.
        if (errno == LibC.ELOOP || (errno == LibC.EEXIST && LibC.TypeOf(path) == LibC.SIfLnk)) throw Link(path);
        if (errno == LibC.EEXIST) throw new UnsafePathException($"'{path}' was created by someone else while this run was writing it; refusing to write through it.");
        if (errno == LibC.ENOENT) throw new FileNotFoundException($"'{path}' does not exist.", path);
        throw new IOException($"Cannot open '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static void Unlink(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            if (LibC.unlinkat(LibC.AtFdCwd, p, 0) == 0) return;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno != LibC.ENOENT) throw new IOException($"Cannot remove the stale '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static FileStream? TryLockManaged(string path)
    {
        RefuseManagedLink(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // held by another process
        }
        if (!IsManagedLink(path)) return stream;
        stream.Dispose();
        throw Link(path); // put there between the look and the open
    }

    private static void RefuseManagedLink(string path)
    {
        if (IsManagedLink(path)) throw Link(path);
    }

    private static bool IsManagedLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static UnsafePathException Link(string path) =>
        new($"'{path}' is a link; refusing to follow a link there (the run lock's files are the tool's own and never links).");
}
