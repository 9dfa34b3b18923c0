using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.Configuration;
using static CleanupTools.FileSystem.Unix.LibC;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// Deletes and measures trees relative to open directory descriptors, the way rm -rf does: each directory is
/// opened once with O_NOFOLLOW, its entries are lstat'ed and unlinked by name relative to it. No link is ever
/// followed, not even one that replaced a directory after it was listed (the open refuses it), and the kernel
/// never re-walks a long absolute path per file.
/// </summary>
internal sealed unsafe class UnixTreeWalker : ITreeWalker
{
    private enum Kind { Missing, Directory, Link, File, Error }

    public DeletionOutcome Delete(DeletionTarget target, bool measureOnly)
    {
        var tally = new TreeTally();
        // The configured root is trusted configuration and may itself be a link to a data volume.
        var rootFd = OpenDirectory(AtFdCwd, Encode(target.Root.Path), follow: true, out var error);
        if (rootFd < 0)
        {
            if (error != ENOENT) tally.Errors.Add($"cannot open {target.Root.Path}: {Marshal.GetPInvokeErrorMessage(error)}");
            return SafeDeleter.Outcome(target, existed: false, isDirectory: false, isLink: false, measureOnly, tally);
        }
        var parentFd = -1;
        try
        {
            // A nested name (a path class entry, "a/b/c") is reached one real directory at a time.
            parentFd = OpenParent(rootFd, target, tally, out var leaf, out var reached);
            if (parentFd < 0)
                return SafeDeleter.Outcome(target, existed: reached, isDirectory: false, isLink: false, measureOnly, tally);
            var name = Encode(leaf);
            var kind = Lstat(parentFd, name, out var size, out error);
            switch (kind)
            {
                case Kind.Missing:
                    return SafeDeleter.Outcome(target, existed: false, isDirectory: false, isLink: false, measureOnly, tally);
                case Kind.Error:
                    tally.Errors.Add($"cannot read {target.FullPath}: {Marshal.GetPInvokeErrorMessage(error)}");
                    return SafeDeleter.Outcome(target, existed: true, isDirectory: false, isLink: false, measureOnly, tally);
                case Kind.Directory:
                    WalkDirectory(parentFd, name, target.FullPath, measureOnly, tally);
                    return SafeDeleter.Outcome(target, existed: true, isDirectory: true, isLink: false, measureOnly, tally);
                default:
                    RemoveEntry(parentFd, name, kind == Kind.Link ? 0 : size, target.FullPath, measureOnly, tally);
                    return SafeDeleter.Outcome(target, existed: true, isDirectory: false, isLink: kind == Kind.Link, measureOnly, tally);
            }
        }
        finally
        {
            if (parentFd >= 0 && parentFd != rootFd) close(parentFd);
            close(rootFd);
        }
    }

    /// <summary>
    /// The directory holding the target's last name component: <paramref name="rootFd"/> itself for a single
    /// component, otherwise each intermediate directory opened relative to the previous one with O_NOFOLLOW, so
    /// one replaced by a link since the scan is refused (ELOOP) instead of being walked into. Returns -1 when
    /// the target cannot be reached; <paramref name="reached"/> then says whether something unsafe was in the way.
    /// </summary>
    private static int OpenParent(int rootFd, DeletionTarget target, TreeTally tally, out string leaf, out bool reached)
    {
        var components = target.Name.Split('/');
        leaf = components[^1];
        reached = false;
        foreach (var component in components)
        {
            if (component.Length == 0 || component is "." or ".." || component.Contains('\0'))
            {
                reached = true;
                tally.Errors.Add($"refusing {target.FullPath}: '{StorageRoot.Printable(target.Name)}' is not a plain relative path");
                return -1;
            }
        }
        var fd = rootFd;
        var path = target.Root.Path;
        for (var i = 0; i < components.Length - 1; i++)
        {
            path = $"{path}/{components[i]}";
            var next = OpenDirectory(fd, Encode(components[i]), follow: false, out var error);
            if (fd != rootFd) close(fd);
            if (next < 0)
            {
                if (error == ENOENT) return -1; // gone: nothing to delete
                reached = true;
                tally.Errors.Add(error is ELOOP or ENOTDIR
                    ? $"refusing {target.FullPath}: {path} is no longer a real directory (a link or a file is there now)"
                    : $"cannot open {path}: {Marshal.GetPInvokeErrorMessage(error)}");
                return -1;
            }
            fd = next;
        }
        return fd;
    }

    public TreeTally Measure(string directory)
    {
        var tally = new TreeTally();
        var fd = OpenDirectory(AtFdCwd, Encode(directory), follow: true, out var error);
        if (fd < 0)
        {
            if (error != ENOENT) tally.Errors.Add($"cannot open {directory}: {Marshal.GetPInvokeErrorMessage(error)}");
            return tally;
        }
        WalkChildren(fd, directory, measureOnly: true, tally); // takes ownership of fd
        return tally;
    }

    /// <summary>Empties and removes the directory <paramref name="name"/> of <paramref name="parentFd"/>.</summary>
    private void WalkDirectory(int parentFd, byte[] name, string path, bool measureOnly, TreeTally tally)
    {
        var fd = OpenDirectory(parentFd, name, follow: false, out var error);
        if (fd < 0)
        {
            switch (error)
            {
                case ENOENT:
                    return;
                case ELOOP or ENOTDIR:
                    // Swapped for a link or a file since it was listed: remove that entry itself, never what it points to.
                    RemoveEntry(parentFd, name, 0, path, measureOnly, tally);
                    return;
                default:
                    tally.Errors.Add($"cannot read {path}: {Marshal.GetPInvokeErrorMessage(error)}");
                    return;
            }
        }
        WalkChildren(fd, path, measureOnly, tally);
        if (measureOnly || Unlink(parentFd, name, AtRemoveDir, path, tally)) tally.Directories++;
    }

    /// <summary>Handles every entry of an open directory; closes <paramref name="fd"/>.</summary>
    private void WalkChildren(int fd, string path, bool measureOnly, TreeTally tally)
    {
        var dir = fdopendir(fd);
        if (dir == IntPtr.Zero)
        {
            tally.Errors.Add($"cannot read {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            close(fd);
            return;
        }
        try
        {
            // Listed completely before anything is removed, so unlinking never disturbs the directory stream.
            var entries = new List<(byte[] Name, byte Type)>();
            while (true)
            {
                // readdir reports the end and an error alike with NULL; only errno tells them apart.
                Marshal.SetLastSystemError(0);
                var entry = readdir(dir);
                if (entry == IntPtr.Zero) break;
                var raw = (byte*)entry + DirentNameOffset;
                var length = 0;
                while (raw[length] != 0) length++;
                if ((length == 1 && raw[0] == '.') || (length == 2 && raw[0] == '.' && raw[1] == '.')) continue;
                var copy = new byte[length + 1];
                new ReadOnlySpan<byte>(raw, length).CopyTo(copy);
                entries.Add((copy, *((byte*)entry + DirentTypeOffset)));
            }
            if (Marshal.GetLastPInvokeError() is var readError and not 0)
                tally.Errors.Add($"cannot list {path}: {Marshal.GetPInvokeErrorMessage(readError)}");

            var handle = dirfd(dir);
            foreach (var (name, type) in entries)
            {
                if (type == DtDir)
                {
                    // No lstat needed: the O_NOFOLLOW open in WalkDirectory refuses anything that is not a real directory.
                    WalkDirectory(handle, name, Child(path, name), measureOnly, tally);
                    continue;
                }
                long size = 0;
                var kind = type switch { DtDir => Kind.Directory, DtLnk => Kind.Link, _ => Kind.File };
                if (kind != Kind.Link)
                {
                    // A regular file needs its size; an unknown d_type needs its real kind. Both come from lstat.
                    kind = Lstat(handle, name, out size, out var error);
                    if (kind == Kind.Missing) continue;
                    if (kind == Kind.Error)
                    {
                        tally.Errors.Add($"cannot read {Child(path, name)}: {Marshal.GetPInvokeErrorMessage(error)}");
                        continue;
                    }
                }
                if (kind == Kind.Directory) WalkDirectory(handle, name, Child(path, name), measureOnly, tally);
                else RemoveEntry(handle, name, kind == Kind.Link ? 0 : size, null, measureOnly, tally, path);
            }
        }
        finally
        {
            closedir(dir);
        }
    }

    /// <summary>Unlinks a file or link (counted as a file); a directory that appeared under the name is walked instead.</summary>
    private void RemoveEntry(int dirFd, byte[] name, long size, string? fullPath, bool measureOnly, TreeTally tally, string? parentPath = null)
    {
        var path = fullPath ?? Child(parentPath!, name);
        if (measureOnly)
        {
            tally.Files++;
            tally.Bytes += size;
            return;
        }
        int result;
        fixed (byte* p = name) result = unlinkat(dirFd, p, 0);
        if (result == 0)
        {
            tally.Files++;
            tally.Bytes += size;
            return;
        }
        var error = Marshal.GetLastPInvokeError();
        if (error == ENOENT) return;
        if (error == EISDIR)
        {
            WalkDirectory(dirFd, name, path, measureOnly, tally);
            return;
        }
        tally.Errors.Add($"cannot delete {path}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    private static bool Unlink(int dirFd, byte[] name, int flags, string path, TreeTally tally)
    {
        int result;
        fixed (byte* p = name) result = unlinkat(dirFd, p, flags);
        if (result == 0) return true;
        var error = Marshal.GetLastPInvokeError();
        if (error != ENOENT) tally.Errors.Add($"cannot delete {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        return false;
    }

    private static int OpenDirectory(int dirFd, byte[] name, bool follow, out int error)
    {
        var flags = OReadOnly | ODirectory | OCloseOnExec | (follow ? 0 : ONoFollow);
        int fd;
        fixed (byte* p = name) fd = openat(dirFd, p, flags, 0);
        error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    private static Kind Lstat(int dirFd, byte[] name, out long size, out int error)
    {
        var buffer = stackalloc byte[StatBufferSize];
        int result;
        fixed (byte* p = name) result = fstatat(dirFd, p, buffer, AtSymlinkNoFollow);
        size = 0;
        if (result != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return error == ENOENT ? Kind.Missing : Kind.Error;
        }
        error = 0;
        var mode = *(int*)(buffer + StatModeOffset) & SIfMt;
        if (mode == SIfDir) return Kind.Directory;
        if (mode == SIfLnk) return Kind.Link;
        size = *(long*)(buffer + StatSizeOffset);
        return Kind.File;
    }

    private static byte[] Encode(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static string Child(string parent, byte[] name) => $"{parent}/{Encoding.UTF8.GetString(name, 0, name.Length - 1)}";
}
