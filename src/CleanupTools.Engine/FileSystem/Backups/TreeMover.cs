using System.Runtime.InteropServices;
using System.Text;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Moves one entry (directory, file or link) to a path that must not exist yet. rename(2) never follows the
/// entry if it is a link and is atomic; across file systems (EXDEV) the tree is copied instead and the caller
/// removes the source through <see cref="SafeDeleter"/>. A failed copy is removed again, leaving the source whole.
/// </summary>
internal static class TreeMover
{
    private static bool _noReplaceUnavailable;

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>; <see cref="MoveMethod.None"/> with errors added on failure.</summary>
    /// <param name="beforeCopy">
    /// Called once the move turns out to need a copy, before anything is written at the destination (a quarantine
    /// records there that a partial copy may follow); a non-null result is an error and nothing is copied.
    /// </param>
    public static MoveMethod Move(string source, string destination, bool forceCopy, List<string> errors, Func<string?>? beforeCopy = null)
    {
        if (!forceCopy)
        {
            switch (Rename(source, destination, out var error))
            {
                case RenameResult.Done:
                    return MoveMethod.Renamed;
                case RenameResult.Failed:
                    errors.Add(error!);
                    return MoveMethod.None;
            }
        }
        if (!EntryStatus.Of(destination).Missing)
        {
            // Checked before copying so that clearing a failed copy can never remove something that was already there.
            errors.Add($"cannot copy {source} to {destination}: the destination already exists");
            return MoveMethod.None;
        }
        if (beforeCopy?.Invoke() is { } refusal)
        {
            errors.Add(refusal);
            return MoveMethod.None;
        }
        var copyErrors = new List<string>();
        if (TreeCopier.Copy(source, destination, copyErrors)) return MoveMethod.Copied;
        errors.AddRange(copyErrors);
        RemovePartial(destination, errors);
        return MoveMethod.None;
    }

    private enum RenameResult { Done, CrossDevice, Failed }

    private static unsafe RenameResult Rename(string source, string destination, out string? error)
    {
        error = null;
        if (!LibC.IsSupported) return ManagedRename(source, destination, out error);
        var from = Encoding.UTF8.GetBytes(source + "\0");
        var to = Encoding.UTF8.GetBytes(destination + "\0");
        int result = -1, errno = 0;
        fixed (byte* f = from)
        fixed (byte* t = to)
        {
            if (!_noReplaceUnavailable)
            {
                try
                {
                    // RENAME_NOREPLACE: never replace whatever appeared at the destination since it was checked.
                    result = LibC.renameat2(LibC.AtFdCwd, f, LibC.AtFdCwd, t, LibC.RenameNoReplace);
                    errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
                }
                catch (EntryPointNotFoundException)
                {
                    _noReplaceUnavailable = true;
                }
            }
            if (_noReplaceUnavailable || errno is LibC.EINVAL or LibC.ENOSYS)
            {
                // Old libc or a file system without the flag: check, then rename (rename(2) alone would replace an empty directory).
                if (!EntryStatus.Of(destination).Missing)
                {
                    error = $"cannot move {source} to {destination}: the destination already exists";
                    return RenameResult.Failed;
                }
                result = LibC.rename(f, t);
                errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
        }
        if (result == 0) return RenameResult.Done;
        if (errno == LibC.EXDEV) return RenameResult.CrossDevice;
        error = $"cannot move {source} to {destination}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return RenameResult.Failed;
    }

    /// <summary>Without libc only real directories are renamed; files and links take the copy path, which never follows them.</summary>
    private static RenameResult ManagedRename(string source, string destination, out string? error)
    {
        error = null;
        if (!EntryStatus.Of(destination).Missing)
        {
            error = $"cannot move {source} to {destination}: the destination already exists";
            return RenameResult.Failed;
        }
        if (EntryStatus.Of(source).Kind != BackupEntryKind.Directory) return RenameResult.CrossDevice;
        try
        {
            Directory.Move(source, destination);
            return RenameResult.Done;
        }
        catch (IOException)
        {
            return RenameResult.CrossDevice; // the copy path reports whatever really is wrong
        }
        catch (UnauthorizedAccessException e)
        {
            error = $"cannot move {source} to {destination}: {e.Message}";
            return RenameResult.Failed;
        }
    }

    private static void RemovePartial(string destination, List<string> errors)
    {
        var parent = Path.GetDirectoryName(destination)!;
        var target = new DeletionTarget(new Configuration.StorageRoot("partial copy", parent), Path.GetFileName(destination), destination);
        var outcome = SafeDeleter.Delete(target, measureOnly: false);
        errors.AddRange(outcome.Tally.Errors.Select(e => $"removing the partial copy: {e}"));
    }
}
