using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.Configuration;
using static CleanupTools.FileSystem.Unix.LibC;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// Deletes and measures trees relative to open directory descriptors, the way rm -rf does: each directory is
/// opened once with O_NOFOLLOW, its entries are lstat'ed and unlinked by name relative to it. No link is ever
/// followed, not even one that replaced a directory after it was listed (the open refuses it), the kernel never
/// re-walks a long absolute path per file (so depth is not limited by PATH_MAX), and nothing on another file
/// system than the storage root's is touched. The walk itself is <see cref="DescriptorWalk"/>.
/// </summary>
internal sealed unsafe class UnixTreeWalker : ITreeWalker
{
    /// <summary>Tests of the mount-table fallback set this to ignore what statx says about mount roots.</summary>
    internal bool AlwaysUseMountTable { get; init; }

    public DeletionOutcome Delete(DeletionTarget target, bool measureOnly) => Delete(target, measureOnly, roots: null);

    /// <param name="roots">A session's roots: the target's root is taken from there, or opened and kept there (null: opened and closed here).</param>
    internal DeletionOutcome Delete(DeletionTarget target, bool measureOnly, OpenRoots? roots)
    {
        var tally = new TreeTally();
        int error;
        var kept = true;
        if (roots is null || !roots.TryGet(target.Root.Path, out var rootFd, out var root))
        {
            kept = false;
            // The configured root is trusted configuration and may itself be a link to a data volume.
            rootFd = OpenDirectory(AtFdCwd, Encode(target.Root.Path), follow: true, out error);
            if (rootFd < 0)
            {
                if (error != ENOENT) tally.Errors.Add($"cannot open {target.Root.Path}: {Marshal.GetPInvokeErrorMessage(error)}");
                return SafeDeleter.Outcome(target, existed: false, isDirectory: false, isLink: false, measureOnly, tally);
            }
            error = NodeStatus.TryRead(rootFd, out root);
            if (error != 0)
            {
                close(rootFd);
                tally.Errors.Add($"cannot read {target.Root.Path}: {Marshal.GetPInvokeErrorMessage(error)}");
                return SafeDeleter.Outcome(target, existed: false, isDirectory: false, isLink: false, measureOnly, tally);
            }
            if (roots is not null)
            {
                roots.Add(target.Root.Path, rootFd, root);
                kept = true;
            }
        }
        var parentFd = -1;
        try
        {
            var fence = new MountFence(root.Identity, AlwaysUseMountTable);
            // A nested name (a path class entry, "a/b/c") is reached one real directory at a time.
            parentFd = OpenParent(rootFd, target, fence, tally, out var leaf, out var reached);
            if (parentFd < 0)
                return SafeDeleter.Outcome(target, existed: reached, isDirectory: false, isLink: false, measureOnly, tally);
            var name = Encode(leaf);
            error = NodeStatus.TryRead(parentFd, name, out var status);
            if (error == ENOENT)
                return SafeDeleter.Outcome(target, existed: false, isDirectory: false, isLink: false, measureOnly, tally);
            if (error != 0)
            {
                tally.Errors.Add($"cannot read {target.FullPath}: {Marshal.GetPInvokeErrorMessage(error)}");
                return SafeDeleter.Outcome(target, existed: true, isDirectory: false, isLink: false, measureOnly, tally);
            }
            var walk = new DescriptorWalk(measureOnly, tally, fence);
            if (status.IsDirectory || walk.RemoveEntry(parentFd, name, status, target.FullPath) == EISDIR)
            {
                walk.RemoveDirectory(parentFd, name, target.FullPath);
                return SafeDeleter.Outcome(target, existed: true, isDirectory: true, isLink: false, measureOnly, tally);
            }
            return SafeDeleter.Outcome(target, existed: true, isDirectory: false, isLink: status.IsLink, measureOnly, tally);
        }
        finally
        {
            if (parentFd >= 0 && parentFd != rootFd) close(parentFd);
            if (!kept) close(rootFd);
        }
    }

    /// <summary>
    /// The directory holding the target's last name component: <paramref name="rootFd"/> itself for a single
    /// component, otherwise each intermediate directory opened relative to the previous one with O_NOFOLLOW, so
    /// one replaced by a link since the scan is refused (ELOOP) instead of being walked into, and one where
    /// another file system is mounted is not entered. Returns -1 when the target cannot be reached;
    /// <paramref name="reached"/> then says whether something unsafe was in the way.
    /// </summary>
    private static int OpenParent(int rootFd, DeletionTarget target, MountFence fence, TreeTally tally, out string leaf, out bool reached)
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
            error = NodeStatus.TryRead(fd, out var status);
            if (error != 0 || fence.Crosses(status))
            {
                close(fd);
                reached = true;
                tally.Errors.Add(error != 0
                    ? $"cannot read {path}: {Marshal.GetPInvokeErrorMessage(error)}"
                    : $"kept {target.FullPath}: it is under {path}, where another file system is mounted");
                return -1;
            }
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
        error = NodeStatus.TryRead(fd, out var root);
        if (error != 0)
        {
            close(fd);
            tally.Errors.Add($"cannot read {directory}: {Marshal.GetPInvokeErrorMessage(error)}");
            return tally;
        }
        new DescriptorWalk(measureOnly: true, tally, new MountFence(root.Identity, AlwaysUseMountTable)).MeasureBelow(fd, root, directory);
        return tally;
    }

    private static int OpenDirectory(int dirFd, byte[] name, bool follow, out int error)
    {
        var flags = OReadOnly | ODirectory | OCloseOnExec | (follow ? 0 : ONoFollow);
        int fd;
        fixed (byte* p = name) fd = openat(dirFd, p, flags, 0);
        error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    private static byte[] Encode(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
