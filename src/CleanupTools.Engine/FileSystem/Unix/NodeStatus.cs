using System.Runtime.InteropServices;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// One entry's own status from statx(2), never following a final link. statx has one fixed layout on every
/// architecture and reports what the walker needs in one call: the type, the allocated blocks (what deleting
/// frees, unlike the length of a sparse file), the link count (a hard-linked file frees nothing until its last
/// link goes), the device and inode (to stay on one file system), and whether the entry is the root of a mount.
/// </summary>
internal readonly unsafe struct NodeStatus
{
    private const int AtEmptyPath = 0x1000;
    private const uint BasicStats = 0x7FF;
    private const ulong AttributeMountRoot = 0x2000;
    private const int BufferSize = 256;

    public int Type { get; private init; }
    public long Size { get; private init; }
    public long AllocatedBytes { get; private init; }
    public uint Links { get; private init; }
    public DeviceAndInode Identity { get; private init; }
    /// <summary>True when this is where a mount is attached; null when the kernel does not say (before Linux 5.8).</summary>
    public bool? IsMountRoot { get; private init; }

    public bool IsDirectory => Type == LibC.SIfDir;
    public bool IsLink => Type == LibC.SIfLnk;

    /// <summary>True where statx exists (glibc 2.28, Linux 4.11) and is not refused by a sandbox.</summary>
    public static readonly bool IsSupported = Probe();

    /// <summary>The entry <paramref name="name"/> (NUL-terminated) of <paramref name="dirFd"/>; the errno on failure.</summary>
    public static int TryRead(int dirFd, byte[] name, out NodeStatus status)
    {
        fixed (byte* p = name) return Read(dirFd, p, LibC.AtSymlinkNoFollow, out status);
    }

    /// <summary>The open descriptor itself: what was opened is what is described, with no window for a swap.</summary>
    public static int TryRead(int fd, out NodeStatus status)
    {
        var empty = stackalloc byte[] { 0 };
        return Read(fd, empty, AtEmptyPath | LibC.AtSymlinkNoFollow, out status);
    }

    private static int Read(int dirFd, byte* path, int flags, out NodeStatus status)
    {
        var buffer = stackalloc byte[BufferSize];
        if (statx(dirFd, path, flags, BasicStats, buffer) != 0)
        {
            status = default;
            return Marshal.GetLastPInvokeError();
        }
        var attributes = *(ulong*)(buffer + 8);
        var attributesKnown = *(ulong*)(buffer + 56);
        status = new NodeStatus
        {
            Links = *(uint*)(buffer + 16),
            Type = *(ushort*)(buffer + 28) & LibC.SIfMt,
            Size = *(long*)(buffer + 40),
            AllocatedBytes = *(long*)(buffer + 48) * 512,
            Identity = new DeviceAndInode(*(uint*)(buffer + 136), *(uint*)(buffer + 140), *(ulong*)(buffer + 32)),
            IsMountRoot = (attributesKnown & AttributeMountRoot) != 0 ? (attributes & AttributeMountRoot) != 0 : null,
        };
        return 0;
    }

    private static bool Probe()
    {
        if (!LibC.IsSupported) return false;
        try
        {
            var root = stackalloc byte[] { (byte)'/', 0 };
            return Read(LibC.AtFdCwd, root, 0, out var status) == 0 && status.IsDirectory;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);
}

/// <summary>Which file system an entry is on, and which entry it is there.</summary>
internal readonly record struct DeviceAndInode(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    public bool SameDevice(DeviceAndInode other) => DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;
}
