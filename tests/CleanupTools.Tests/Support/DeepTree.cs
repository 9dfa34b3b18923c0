using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CleanupTools.Tests.Support;

/// <summary>
/// A chain of directories "d/d/d/..." far deeper than PATH_MAX allows to name, made one level at a time relative
/// to the previous level's descriptor (as no path-based API can), with a small file at the bottom.
/// </summary>
public static class DeepTree
{
    private const int ODirectory = 0x10000;
    private const int OCreateWriteOnly = 0x41;
    private static readonly byte[] D = { (byte)'d', 0 };
    private static readonly byte[] Leaf = "bottom.bin\0"u8.ToArray();

    public static void Create(string parent, int depth)
    {
        Directory.CreateDirectory(parent);
        var fd = Open(-100, System.Text.Encoding.UTF8.GetBytes(parent + "\0"), ODirectory);
        for (var level = 0; level < depth; level++)
        {
            if (mkdirat(fd, D, 0x1ED) != 0) throw new IOException($"mkdirat at level {level}: errno {Marshal.GetLastPInvokeError()}");
            var next = Open(fd, D, ODirectory);
            close(fd);
            fd = next;
        }
        var file = Open(fd, Leaf, OCreateWriteOnly);
        var data = new byte[100];
        write(file, data, data.Length);
        close(file);
        close(fd);
    }

    /// <summary>Removes what a failed test left (GNU rm walks any depth); never throws.</summary>
    public static void Remove(string path)
    {
        try
        {
            using var rm = Process.Start("rm", new[] { "-rf", "--one-file-system", "--", path });
            rm.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception) { }
    }

    private static int Open(int dirFd, byte[] name, int flags)
    {
        var fd = openat(dirFd, name, flags, 0x1A4);
        if (fd < 0) throw new IOException($"openat: errno {Marshal.GetLastPInvokeError()}");
        return fd;
    }

    [DllImport("libc", SetLastError = true)] private static extern int openat(int dirfd, byte[] path, int flags, int mode);
    [DllImport("libc", SetLastError = true)] private static extern int mkdirat(int dirfd, byte[] path, int mode);
    [DllImport("libc")] private static extern int close(int fd);
    [DllImport("libc")] private static extern nint write(int fd, byte[] buffer, nint count);
}
