using CleanupTools.FileSystem.Unix;
using Microsoft.Win32.SafeHandles;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Copies a tree across file systems without following any link: links are recreated with the same target
/// text, directories and files recreated (created exclusively, so nothing planted at the destination is
/// written through), file contents copied and fsync'ed, then mode and last-write time set, a directory's
/// only after its content so adding children does not disturb it. Ownership is not copied (it needs root).
/// </summary>
internal static class TreeCopier
{
    /// <summary>True when the whole tree was copied; otherwise errors say why and the partial copy is left for the caller.</summary>
    public static bool Copy(string source, string destination, List<string> errors)
    {
        // Directories wait here while their content is copied (their mode and time are set last): a stack of
        // its own instead of recursion, so no depth of tree can overflow the thread's stack.
        var pending = new Stack<PendingDirectory>();
        var complete = CopyEntry(source, destination, errors, pending);
        while (pending.Count > 0)
        {
            var directory = pending.Peek();
            if (directory.NextChild(errors) is { } child)
            {
                if (!CopyEntry(child, Path.Join(directory.Destination, Path.GetFileName(child)), errors, pending)) directory.Complete = false;
                continue;
            }
            pending.Pop().Finish(errors);
            if (directory.Complete) continue;
            if (pending.Count > 0) pending.Peek().Complete = false;
            else complete = false;
        }
        return complete;
    }

    /// <summary>Copies a file or link, or creates a directory and leaves it on <paramref name="pending"/> to be filled.</summary>
    private static bool CopyEntry(string source, string destination, List<string> errors, Stack<PendingDirectory> pending)
    {
        var status = EntryStatus.Of(source);
        if (status.Error is not null)
        {
            errors.Add(status.Error);
            return false;
        }
        try
        {
            switch (status.Kind)
            {
                case null:
                    errors.Add($"cannot copy {source}: it vanished");
                    return false;
                case BackupEntryKind.Link:
                    File.CreateSymbolicLink(destination, new FileInfo(source).LinkTarget!);
                    return true;
                case BackupEntryKind.File when status.IsSpecial:
                    errors.Add($"cannot copy {source}: it is a FIFO, socket or device, not a regular file");
                    return false;
                case BackupEntryKind.File:
                    CopyFile(source, destination);
                    SetModeAndTime(destination, status, directory: false);
                    return true;
                default:
                    Directory.CreateDirectory(destination);
                    pending.Push(new PendingDirectory(source, destination, status, Directory.EnumerateFileSystemEntries(source).GetEnumerator()));
                    return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"cannot copy {source} to {destination}: {e.Message}");
            return false;
        }
    }

    private sealed class PendingDirectory(string source, string destination, EntryStatus status, IEnumerator<string> children)
    {
        public string Destination => destination;
        public bool Complete { get; set; } = true;

        public string? NextChild(List<string> errors)
        {
            try
            {
                return children.MoveNext() ? children.Current : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"cannot copy {source} to {destination}: {e.Message}");
                Complete = false;
                return null;
            }
        }

        /// <summary>Sets the copy's mode and time once its content is complete (adding children would change the time).</summary>
        public void Finish(List<string> errors)
        {
            children.Dispose();
            if (!Complete) return;
            try
            {
                SetModeAndTime(destination, status, directory: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"cannot copy {source} to {destination}: {e.Message}");
                Complete = false;
            }
        }
    }

    private static void CopyFile(string source, string destination)
    {
        using var input = OpenNoFollow(source);
        // CreateNew is O_CREAT|O_EXCL: a link planted at the destination is refused, never written through.
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        input.CopyTo(output);
        // The original is deleted next: the copy must be on disk first.
        output.Flush(flushToDisk: true);
    }

    /// <summary>Opens a regular file for reading; a link swapped in since the lstat is refused (ELOOP), not followed.</summary>
    private static unsafe FileStream OpenNoFollow(string path)
    {
        if (!LibC.IsSupported) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes) fd = LibC.openat(LibC.AtFdCwd, p, LibC.OReadOnly | LibC.OCloseOnExec | LibC.ONoFollow, 0);
        if (fd < 0)
            throw new IOException($"cannot open {path}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read);
    }

    private static void SetModeAndTime(string path, EntryStatus status, bool directory)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, status.Mode);
        if (directory) Directory.SetLastWriteTimeUtc(path, status.LastWriteUtc);
        else File.SetLastWriteTimeUtc(path, status.LastWriteUtc);
    }
}
