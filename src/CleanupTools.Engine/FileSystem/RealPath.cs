using System.Runtime.InteropServices;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem;

/// <summary>
/// A path with every link in it resolved, so two spellings of one file (through a linked file or a linked
/// directory) compare equal: what anything keyed on "this file" (the SQLite run lock) must be keyed on.
/// </summary>
internal static unsafe class RealPath
{
    /// <summary>The real path of an existing file; a missing one (or an error) gives the full path as spelled.</summary>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        return LibC.IsSupported ? Native(full) ?? full : Managed(full);
    }

    /// <summary>realpath(3): every component resolved by the kernel's own rules, ".." after a link included.</summary>
    private static string? Native(string full)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(full + "\0");
        IntPtr resolved;
        fixed (byte* p = bytes)
            resolved = LibC.realpath(p, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            LibC.free(resolved);
        }
    }

    /// <summary>Elsewhere: the final link followed to its end, and the directory resolved the same way.</summary>
    private static string Managed(string full)
    {
        try
        {
            var file = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
            var directory = Path.GetDirectoryName(file);
            if (directory is null) return file;
            var realDirectory = Directory.ResolveLinkTarget(directory, returnFinalTarget: true)?.FullName ?? directory;
            return Path.Combine(realDirectory, Path.GetFileName(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return full;
        }
    }
}
