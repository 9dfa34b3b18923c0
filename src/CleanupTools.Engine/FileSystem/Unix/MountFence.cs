using System.Text;

namespace CleanupTools.FileSystem.Unix;

/// <summary>
/// Keeps a walk on the file system it started on, as GNU rm's --one-file-system and systemd-tmpfiles do: an
/// entry on another device, or the root of a mount (a bind mount of the same device included), is where someone
/// attached other data, and whatever is under it is not the job's to delete. The kernel says whether an entry is
/// a mount root (statx, Linux 5.8); on older kernels the mount points listed in /proc/self/mountinfo are used.
/// </summary>
internal sealed class MountFence
{
    private const string MountInfo = "/proc/self/mountinfo";

    private readonly DeviceAndInode _root;
    private readonly bool _alwaysUseMountTable;
    private HashSet<DeviceAndInode>? _mountPoints;

    /// <param name="root">The storage root the walk belongs to; everything it deletes must be on this device.</param>
    /// <param name="alwaysUseMountTable">Ignore the kernel's answer and use the mount table (tests of the fallback).</param>
    public MountFence(DeviceAndInode root, bool alwaysUseMountTable = false)
    {
        _root = root;
        _alwaysUseMountTable = alwaysUseMountTable;
    }

    public const string Reason = "another file system is mounted there (left in place with everything under it)";

    /// <summary>True when <paramref name="status"/> (an entry below the root) belongs to another mount.</summary>
    public bool Crosses(in NodeStatus status)
    {
        if (!status.Identity.SameDevice(_root)) return true;
        if (status.IsMountRoot is { } known && !_alwaysUseMountTable) return known;
        return MountPoints().Contains(status.Identity);
    }

    /// <summary>The device and inode each mount point shows now (that of the mounted root, as a walk meets it).</summary>
    private HashSet<DeviceAndInode> MountPoints()
    {
        if (_mountPoints is not null) return _mountPoints;
        var points = new HashSet<DeviceAndInode>();
        foreach (var line in File.ReadLines(MountInfo))
        {
            // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw": the fifth field is the mount point.
            var fields = line.Split(' ');
            if (fields.Length < 5) continue;
            if (NodeStatus.TryRead(LibC.AtFdCwd, Encode(Unescape(fields[4])), out var status) == 0) points.Add(status.Identity);
        }
        return _mountPoints = points;
    }

    /// <summary>mountinfo writes a space, tab, newline or backslash in a path as a backslash and three octal digits.</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).IndexOfAnyExceptInRange('0', '7') < 0)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
                continue;
            }
            text.Append(field[i]);
        }
        return text.ToString();
    }

    private static byte[] Encode(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
