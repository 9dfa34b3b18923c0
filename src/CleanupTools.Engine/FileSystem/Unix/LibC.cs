using System.Runtime.InteropServices;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// The few libc calls the descriptor-relative walker (and the SQLite run lock's link-refusing opens) need, with
/// the Linux constants and struct offsets of the two 64-bit architectures it supports (x64, arm64). Anything else
/// uses the managed walker.
/// </summary>
internal static unsafe class LibC
{
    private const string Library = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;
    /// <summary>st_ino follows the 8-byte st_dev on both architectures.</summary>
    public const int StatInodeOffset = 8;
    public const int OReadOnly = 0;
    public const int OWriteOnly = 1;
    public const int OReadWrite = 2;
    /// <summary>O_CREAT and O_EXCL: the generic values, shared by x64 and arm64.</summary>
    public const int OCreate = 0x40;
    public const int OExclusive = 0x80;
    public const int OCloseOnExec = 0x80000;
    /// <summary>Same value on x64 and arm64; keeps an open of a FIFO from waiting for a writer.</summary>
    public const int ONonBlock = 0x800;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EWOULDBLOCK = 11;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ELOOP = 40;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;

    /// <summary>flock operations: an exclusive lock, refused at once instead of waited for.</summary>
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;

    /// <summary>renameat2 flag: fail with EEXIST instead of replacing the destination.</summary>
    public const uint RenameNoReplace = 1;

    public const byte DtUnknown = 0;
    public const byte DtDir = 4;
    public const byte DtLnk = 10;

    public const int SIfMt = 0xF000;
    public const int SIfDir = 0x4000;
    public const int SIfLnk = 0xA000;
    public const int SIfReg = 0x8000;

    /// <summary>struct stat is 144 bytes on x64 and 128 on arm64; this buffer holds either.</summary>
    public const int StatBufferSize = 256;
    public const int StatSizeOffset = 48;
    /// <summary>st_mtim (seconds, then nanoseconds) sits at the same offset on x64 and arm64.</summary>
    public const int StatMtimeOffset = 88;
    /// <summary>struct dirent on LP64 Linux (glibc and musl): d_type at 18, d_name at 19.</summary>
    public const int DirentTypeOffset = 18;
    public const int DirentNameOffset = 19;

    public static readonly bool IsSupported = Probe();
    public static readonly int ODirectory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
    public static readonly int StatModeOffset = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 16 : 24;

    [DllImport(Library, SetLastError = true)]
    public static extern int openat(int dirfd, byte* path, int flags, int mode);

    [DllImport(Library)]
    public static extern int close(int fd);

    /// <summary>
    /// getdents64(2) through syscall(2): a directory's entries straight from its descriptor, without the directory
    /// stream (fdopendir) whose set-up and tear-down cost an fstat and an fcntl per directory. (glibc and musl export
    /// syscall alike; musl has no getdents64 symbol of its own.) Entries are struct linux_dirent64: d_reclen (2
    /// bytes) at 16, then d_type and d_name at <see cref="DirentTypeOffset"/> and <see cref="DirentNameOffset"/>.
    /// </summary>
    public static long getdents64(int fd, byte* buffer, int count) => syscall(SysGetdents64, fd, buffer, (nuint)count);

    public const int DirentLengthOffset = 16;

    private static readonly nint SysGetdents64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 61 : 217;

    [DllImport(Library, SetLastError = true)]
    private static extern long syscall(nint number, int fd, byte* buffer, nuint count);

    [DllImport(Library, SetLastError = true)]
    public static extern int unlinkat(int dirfd, byte* path, int flags);

    [DllImport(Library, SetLastError = true)]
    public static extern int fstatat(int dirfd, byte* path, byte* buffer, int flags);

    [DllImport(Library, SetLastError = true)]
    public static extern int renameat2(int olddirfd, byte* oldpath, int newdirfd, byte* newpath, uint flags);

    [DllImport(Library, SetLastError = true)]
    public static extern int rename(byte* oldpath, byte* newpath);

    [DllImport(Library, SetLastError = true)]
    public static extern int flock(int fd, int operation);

    [DllImport(Library, SetLastError = true)]
    public static extern int fsync(int fd);

    /// <summary>The inode of an open descriptor (null where unsupported or on error).</summary>
    public static ulong? InodeOf(int fd)
    {
        if (!IsSupported) return null;
        var buffer = stackalloc byte[StatBufferSize];
        var empty = stackalloc byte[] { 0 };
        return fstatat(fd, empty, buffer, AtEmptyPath) == 0 ? *(ulong*)(buffer + StatInodeOffset) : null;
    }

    /// <summary>The file type bits and size of an open descriptor (false where unsupported or on error).</summary>
    public static bool TryStat(int fd, out int type, out long size)
    {
        type = 0;
        size = 0;
        if (!IsSupported) return false;
        var buffer = stackalloc byte[StatBufferSize];
        var empty = stackalloc byte[] { 0 };
        if (fstatat(fd, empty, buffer, AtEmptyPath) != 0) return false;
        type = *(int*)(buffer + StatModeOffset) & SIfMt;
        size = *(long*)(buffer + StatSizeOffset);
        return true;
    }

    /// <summary>The inode a path names now, without following a final link (null where unsupported or missing).</summary>
    public static ulong? InodeOf(string path)
    {
        if (!IsSupported) return null;
        var buffer = stackalloc byte[StatBufferSize];
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            return fstatat(AtFdCwd, p, buffer, AtSymlinkNoFollow) == 0 ? *(ulong*)(buffer + StatInodeOffset) : null;
    }

    /// <summary>The file type bits a path names now, without following a final link (null where unsupported or missing).</summary>
    public static int? TypeOf(string path)
    {
        if (!IsSupported) return null;
        var buffer = stackalloc byte[StatBufferSize];
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            return fstatat(AtFdCwd, p, buffer, AtSymlinkNoFollow) == 0 ? *(int*)(buffer + StatModeOffset) & SIfMt : null;
    }

    /// <summary>Linux on x64/arm64 with a libc that exports every call (fstatat needs glibc 2.33 or musl).</summary>
    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return false;
        try
        {
            var buffer = stackalloc byte[StatBufferSize];
            var root = stackalloc byte[] { (byte)'/', 0 };
            if (fstatat(AtFdCwd, root, buffer, AtSymlinkNoFollow) != 0) return false;
            // Cross-check the struct layout on a known directory before trusting it with deletions.
            return (*(int*)(buffer + (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 16 : 24)) & SIfMt) == SIfDir;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
