using System.Runtime.InteropServices;
using System.Text;
using static CleanupTools.FileSystem.Unix.LibC;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// One walk of <see cref="UnixTreeWalker"/>: empties (or measures) directory trees relative to open descriptors.
/// The walk keeps its own stack instead of recursing, so no depth of tree can overflow the thread's stack, and
/// holds at most <see cref="MaxOpenDirectories"/> descriptors: an ancestor closed to stay within that is reopened
/// through "..", and only if it is still the very directory it was (same device and inode), never by its path,
/// which may exceed PATH_MAX. It never crosses into another file system (<see cref="MountFence"/>).
/// </summary>
internal sealed unsafe class DescriptorWalk
{
    private const int MaxOpenDirectories = 64;
    private static readonly byte[] DotDot = { (byte)'.', (byte)'.', 0 };

    private readonly bool _measureOnly;
    private readonly TreeTally _tally;
    private readonly MountFence _fence;
    /// <summary>Links seen so far of each hard-linked file met while measuring; counted once all are seen.</summary>
    private readonly Dictionary<DeviceAndInode, uint> _linksSeen = new();

    public DescriptorWalk(bool measureOnly, TreeTally tally, MountFence fence)
    {
        _measureOnly = measureOnly;
        _tally = tally;
        _fence = fence;
    }

    /// <summary>A directory being walked: its listing, where the walk is in it, and how to name it in messages.</summary>
    private sealed class Frame
    {
        public required Frame? Parent { get; init; }
        public required byte[] Name { get; init; }
        /// <summary>Set on the walk's first directory only; the others' paths are built from it when a message needs one.</summary>
        public string? FullPath { get; init; }
        public required DeviceAndInode Identity { get; init; }
        public required long AllocatedBytes { get; init; }
        public required List<(byte[] Name, byte Type)> Entries { get; init; }
        public int Next { get; set; }
        public int Fd { get; set; } = -1;
        /// <summary>Something below was kept on purpose (a mount): this directory stays, without an error of its own.</summary>
        public bool KeptSomething { get; set; }

        public string Path
        {
            get
            {
                var names = new Stack<byte[]>();
                var frame = this;
                while (frame.FullPath is null)
                {
                    names.Push(frame.Name);
                    frame = frame.Parent!;
                }
                var path = new StringBuilder(frame.FullPath);
                foreach (var name in names) path.Append('/').Append(Decode(name));
                return path.ToString();
            }
        }

        public void Close()
        {
            if (Fd >= 0) close(Fd);
            Fd = -1;
        }
    }

    /// <summary>Empties and removes the directory <paramref name="name"/> of <paramref name="parentFd"/> (only counts it when measuring).</summary>
    public void RemoveDirectory(int parentFd, byte[] name, string fullPath)
    {
        var top = Open(parentFd, name, parent: null, fullPath);
        if (top is not null) Walk(top, parentFd);
    }

    /// <summary>Measures everything below the open directory <paramref name="fd"/>, itself not included; closes <paramref name="fd"/>.</summary>
    public void MeasureBelow(int fd, in NodeStatus status, string fullPath)
    {
        var entries = List(fd, () => fullPath);
        Walk(new Frame
        {
            Parent = null, Name = DotDot, FullPath = fullPath, Identity = status.Identity, AllocatedBytes = status.AllocatedBytes,
            Entries = entries, Fd = fd,
        }, parentFd: -1);
    }

    /// <summary>
    /// Unlinks a file or link (counted as a file), unless it is on another file system. Returns EISDIR when a
    /// directory appeared under the name since it was read, for the caller to walk instead; otherwise 0.
    /// </summary>
    public int RemoveEntry(int dirFd, byte[] name, in NodeStatus status, string path) => RemoveEntry(dirFd, name, status, path, parent: null);

    /// <param name="path">The entry's path for messages; null to build it from <paramref name="parent"/> (only when one is needed).</param>
    private int RemoveEntry(int dirFd, byte[] name, in NodeStatus status, string? path, Frame? parent)
    {
        string Path() => path ?? Child(parent!, name);
        if (!status.IsLink && _fence.Crosses(status))
        {
            Keep(Path(), parent);
            return 0;
        }
        if (!_measureOnly)
        {
            int result;
            fixed (byte* p = name) result = unlinkat(dirFd, p, 0);
            if (result != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == EISDIR) return EISDIR;
                if (error != ENOENT) _tally.Errors.Add($"cannot delete {Path()}: {Marshal.GetPInvokeErrorMessage(error)}");
                return 0;
            }
        }
        _tally.Files++;
        if (!status.IsLink) CountFile(status);
        return 0;
    }

    /// <summary>A file frees its blocks only with its last link: the link count was read just before the unlink.</summary>
    private void CountFile(in NodeStatus status)
    {
        if (status.Links > 1)
        {
            if (!_measureOnly) return;
            // Measuring unlinks nothing: the file counts once every one of its links has been met in this walk.
            var seen = _linksSeen.GetValueOrDefault(status.Identity) + 1;
            _linksSeen[status.Identity] = seen;
            if (seen != status.Links) return;
        }
        _tally.Bytes += status.AllocatedBytes;
        _tally.ApparentBytes += status.Size;
    }

    private void Walk(Frame top, int parentFd)
    {
        var stack = new List<Frame> { top };
        var open = 1;
        var lowestOpen = 0;
        while (stack.Count > 0)
        {
            var frame = stack[^1];
            if (frame.Next < frame.Entries.Count)
            {
                var (name, type) = frame.Entries[frame.Next++];
                if (Visit(frame, name, type) is not { } child) continue;
                stack.Add(child);
                if (++open > MaxOpenDirectories)
                {
                    stack[lowestOpen++].Close();
                    open--;
                }
                continue;
            }

            stack.RemoveAt(stack.Count - 1);
            if (stack.Count == 0)
            {
                frame.Close();
                if (parentFd >= 0 && !frame.KeptSomething) RemoveEmptied(parentFd, frame);
                return;
            }
            var parent = stack[^1];
            if (parent.Fd < 0)
            {
                if (!Reopen(parent, frame))
                {
                    foreach (var left in stack) left.Close();
                    frame.Close();
                    return;
                }
                open++;
                lowestOpen = stack.Count - 1;
            }
            frame.Close();
            open--;
            if (frame.KeptSomething) parent.KeptSomething = true;
            else RemoveEmptied(parent.Fd, frame);
        }
    }

    /// <summary>Handles one listed entry; returns the directory to walk next, if it is one.</summary>
    private Frame? Visit(Frame frame, byte[] name, byte type)
    {
        // A directory needs no lstat: the O_NOFOLLOW open refuses anything that is not a real directory.
        if (type != DtDir)
        {
            var error = NodeStatus.TryRead(frame.Fd, name, out var status);
            if (error == ENOENT) return null;
            if (error != 0)
            {
                _tally.Errors.Add($"cannot read {Child(frame, name)}: {Marshal.GetPInvokeErrorMessage(error)}");
                return null;
            }
            if (!status.IsDirectory && RemoveEntry(frame.Fd, name, status, path: null, frame) != EISDIR) return null;
        }
        return Open(frame.Fd, name, frame, fullPath: null);
    }

    /// <summary>Opens and lists a directory to walk; null when there is nothing to walk (gone, swapped, kept, unreadable).</summary>
    private Frame? Open(int parentFd, byte[] name, Frame? parent, string? fullPath)
    {
        string PathOf() => fullPath ?? Child(parent!, name);
        int fd;
        fixed (byte* p = name) fd = openat(parentFd, p, OReadOnly | ODirectory | OCloseOnExec | ONoFollow, 0);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is ELOOP or ENOTDIR)
            {
                // Swapped for a link or a file since it was listed: remove that entry itself, never what it points to.
                var readError = NodeStatus.TryRead(parentFd, name, out var swapped);
                if (readError == 0 && !swapped.IsDirectory) RemoveEntry(parentFd, name, swapped, fullPath, parent);
                else if (readError is not (0 or ENOENT)) _tally.Errors.Add($"cannot read {PathOf()}: {Marshal.GetPInvokeErrorMessage(readError)}");
            }
            else if (error != ENOENT)
            {
                _tally.Errors.Add($"cannot read {PathOf()}: {Marshal.GetPInvokeErrorMessage(error)}");
            }
            return null;
        }
        var statError = NodeStatus.TryRead(fd, out var status);
        if (statError != 0 || _fence.Crosses(status))
        {
            close(fd);
            if (statError != 0) _tally.Errors.Add($"cannot read {PathOf()}: {Marshal.GetPInvokeErrorMessage(statError)}");
            else Keep(PathOf(), parent);
            return null;
        }
        var entries = List(fd, PathOf);
        return new Frame
        {
            Parent = parent, Name = name, FullPath = fullPath, Identity = status.Identity, AllocatedBytes = status.AllocatedBytes,
            Entries = entries, Fd = fd,
        };
    }

    /// <summary>
    /// Every entry of an open directory, listed completely before anything is removed so unlinking never disturbs
    /// the listing. The path is built only for a message: building it per directory would cost depth squared.
    /// </summary>
    private List<(byte[] Name, byte Type)> List(int fd, Func<string> path)
    {
        var entries = new List<(byte[] Name, byte Type)>();
        var buffer = stackalloc byte[ListBufferSize];
        while (true)
        {
            var read = getdents64(fd, buffer, ListBufferSize);
            if (read == 0) return entries;
            if (read < 0)
            {
                // What was listed is still walked; the directory itself then stays, not empty, with its own error.
                _tally.Errors.Add($"cannot list {path()}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                return entries;
            }
            for (var offset = 0; offset < read; offset += *(ushort*)(buffer + offset + DirentLengthOffset))
            {
                var raw = buffer + offset + DirentNameOffset;
                var length = 0;
                while (raw[length] != 0) length++;
                if ((length == 1 && raw[0] == '.') || (length == 2 && raw[0] == '.' && raw[1] == '.')) continue;
                var copy = new byte[length + 1];
                new ReadOnlySpan<byte>(raw, length).CopyTo(copy);
                entries.Add((copy, buffer[offset + DirentTypeOffset]));
            }
        }
    }

    /// <summary>Bytes read per getdents64 call: dozens of entries of usual names.</summary>
    private const int ListBufferSize = 8192;

    /// <summary>
    /// Reopens an ancestor closed to bound the descriptors, through its child's "..": refused, with an error,
    /// unless it is the same directory (device and inode) it was, so a tree moved meanwhile is never walked on.
    /// </summary>
    private bool Reopen(Frame parent, Frame child)
    {
        int fd;
        fixed (byte* p = DotDot) fd = openat(child.Fd, p, OReadOnly | ODirectory | OCloseOnExec | ONoFollow, 0);
        if (fd >= 0 && NodeStatus.TryRead(fd, out var status) == 0 && status.Identity == parent.Identity)
        {
            parent.Fd = fd;
            return true;
        }
        if (fd >= 0) close(fd);
        _tally.Errors.Add($"stopped under {parent.Path}: it was moved while it was being emptied");
        return false;
    }

    private void RemoveEmptied(int parentFd, Frame frame)
    {
        if (!_measureOnly)
        {
            int result;
            fixed (byte* p = frame.Name) result = unlinkat(parentFd, p, AtRemoveDir);
            if (result != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != ENOENT) _tally.Errors.Add($"cannot delete {frame.Path}: {Marshal.GetPInvokeErrorMessage(error)}");
                return;
            }
        }
        _tally.Directories++;
        _tally.Bytes += frame.AllocatedBytes;
    }

    private void Keep(string path, Frame? parent)
    {
        _tally.Errors.Add($"kept {path}: {MountFence.Reason}");
        if (parent is not null) parent.KeptSomething = true;
    }

    private static string Child(Frame parent, byte[] name) => $"{parent.Path}/{Decode(name)}";

    private static string Decode(byte[] name) => Encoding.UTF8.GetString(name, 0, name.Length - 1);
}
