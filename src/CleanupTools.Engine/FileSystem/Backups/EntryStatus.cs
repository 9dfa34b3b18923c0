using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// One path's own status, lstat-style: a link reports itself (kind, time), never its target. Backups compare
/// and restore these times, so they must describe the entry that is moved, not whatever it points at.
/// </summary>
internal readonly record struct EntryStatus(BackupEntryKind? Kind, DateTime LastWriteUtc, UnixFileMode Mode, string? Error)
{
    /// <summary>A FIFO, socket or device: reported as a file, but never opened (reading a FIFO would block forever).</summary>
    public bool IsSpecial { get; init; }

    public bool Missing => Kind is null && Error is null;

    public static unsafe EntryStatus Of(string path)
    {
        if (!LibC.IsSupported) return Managed(path);
        var buffer = stackalloc byte[LibC.StatBufferSize];
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int result;
        fixed (byte* p = bytes) result = LibC.fstatat(LibC.AtFdCwd, p, buffer, LibC.AtSymlinkNoFollow);
        if (result != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is LibC.ENOENT or LibC.ENOTDIR
                ? default
                : new EntryStatus(null, default, 0, $"cannot read {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
        var mode = *(int*)(buffer + LibC.StatModeOffset);
        var seconds = *(long*)(buffer + LibC.StatMtimeOffset);
        var nanoseconds = *(long*)(buffer + LibC.StatMtimeOffset + 8);
        var time = DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + nanoseconds / 100);
        var kind = (mode & LibC.SIfMt) switch
        {
            LibC.SIfDir => BackupEntryKind.Directory,
            LibC.SIfLnk => BackupEntryKind.Link,
            _ => BackupEntryKind.File,
        };
        const int regular = 0x8000;
        return new EntryStatus(kind, time, (UnixFileMode)(mode & 0xFFF), null)
        {
            IsSpecial = kind == BackupEntryKind.File && (mode & LibC.SIfMt) != regular,
        };
    }

    private static EntryStatus Managed(string path)
    {
        try
        {
            FileSystemInfo info = new FileInfo(path);
            if (info.LinkTarget is not null) return new EntryStatus(BackupEntryKind.Link, info.LastWriteTimeUtc, 0, null);
            if (Directory.Exists(path)) info = new DirectoryInfo(path);
            else if (!info.Exists) return default;
            var mode = OperatingSystem.IsWindows() ? 0 : info.UnixFileMode;
            return new EntryStatus(info is DirectoryInfo ? BackupEntryKind.Directory : BackupEntryKind.File, info.LastWriteTimeUtc, mode, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new EntryStatus(null, default, 0, $"cannot read {path}: {e.Message}");
        }
    }
}
