using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using CleanupTools.FileSystem.Unix;

namespace CleanupTools.FileSystem.PathClasses;

/// <summary>
/// Reads the top-level "status" of an operation file (operation_*.json). Files on disk are input: anything
/// unexpected yields null instead of an exception, and the file is never followed through a link.
/// </summary>
public static class OperationFileStatus
{
    public const long DefaultMaxBytes = 1_048_576;
    private const int MaxDepth = 64;

    /// <summary>
    /// The top-level string property "status", trimmed and lower-cased (invariant), or null. Null means "no
    /// status" and callers must treat it so, never as "finished": it is returned when the file is missing,
    /// unreadable (any IO error), a link, not a regular file, larger than <paramref name="maxBytes"/>, not
    /// JSON, nested deeper than 64 levels, not an object, has no top-level "status" (a nested one does not
    /// count), a status that is not a string or is blank, or several top-level "status" properties that
    /// disagree (readers differ on which one wins, so none is believed). A UTF-8 byte order mark is allowed.
    /// </summary>
    public static string? Read(string fullPath, long maxBytes = DefaultMaxBytes)
    {
        if (string.IsNullOrEmpty(fullPath) || fullPath.Contains('\0') || maxBytes < 0) return null;
        byte[]? content;
        try
        {
            content = LibC.IsSupported ? ReadNoFollow(fullPath, maxBytes) : ReadChecked(fullPath, maxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        return content is null ? null : Parse(content);
    }

    internal static string? Parse(ReadOnlyMemory<byte> content)
    {
        if (content.Span.StartsWith(Encoding.UTF8.Preamble)) content = content[Encoding.UTF8.Preamble.Length..];
        try
        {
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            string? status = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!property.NameEquals("status")) continue;
                if (property.Value.ValueKind != JsonValueKind.String) return null;
                var value = property.Value.GetString()!.Trim().ToLowerInvariant();
                if (status is not null && status != value) return null;
                status = value;
            }
            return string.IsNullOrEmpty(status) ? null : status;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Linux: O_NOFOLLOW refuses a final link atomically, fstat of the same descriptor checks type and size.</summary>
    private static unsafe byte[]? ReadNoFollow(string path, long maxBytes)
    {
        var name = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = name)
            fd = LibC.openat(LibC.AtFdCwd, p, LibC.OReadOnly | LibC.ONoFollow | LibC.ONonBlock | LibC.OCloseOnExec, 0);
        if (fd < 0) return null;
        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        if (!LibC.TryStat(fd, out var type, out var size) || type != LibC.SIfReg || size > maxBytes) return null;
        return ReadAtMost(handle, maxBytes);
    }

    /// <summary>
    /// Elsewhere: check, then open. A link swapped in between the two is a race this cannot close; the
    /// descriptor walker's platform (Linux) does not take this path.
    /// </summary>
    private static byte[]? ReadChecked(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || !info.Exists || info.Length > maxBytes) return null;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ReadAtMost(handle, maxBytes);
    }

    /// <summary>Reads to the end, but gives up on a file that grew past the limit after it was sized.</summary>
    private static byte[]? ReadAtMost(SafeFileHandle handle, long maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long offset = 0;
        while (true)
        {
            var read = RandomAccess.Read(handle, chunk, offset);
            if (read == 0) return buffer.ToArray();
            offset += read;
            if (offset > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
    }
}
