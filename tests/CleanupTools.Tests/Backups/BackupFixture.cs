using System.Security.Cryptography;
using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Backups;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// A results root, an uploads root and a backup root in one real temporary tree, plus a job directory with
/// everything a copy can get wrong: nested directories, odd modes, fixed times, links inside and a dangling one.
/// </summary>
public sealed class BackupFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string? _otherDevice;

    /// <param name="backupOnOtherDevice">Put the backup root in /dev/shm (tmpfs) so that rename(2) really fails with EXDEV.</param>
    public BackupFixture(bool backupOnOtherDevice = false)
    {
        Results = StorageRoot.Create(StorageRoot.Results, Tree.Dir("data", "results"));
        Uploads = StorageRoot.Create(StorageRoot.Uploads, Tree.Dir("data", "uploads"));
        Outside = Tree.Dir("outside");
        string backupPath;
        if (backupOnOtherDevice)
        {
            _otherDevice = Path.Combine("/dev/shm", "cleanuptools-tests", Guid.NewGuid().ToString("N"));
            backupPath = Path.Combine(_otherDevice, BackupRoot.DefaultDirectoryName);
        }
        else
        {
            backupPath = Tree.Path(BackupRoot.DefaultDirectoryName);
        }
        Backups = BackupRoot.Create(backupPath, new[] { Results, Uploads });
    }

    public TempTree Tree { get; } = new();
    public StorageRoot Results { get; }
    public StorageRoot Uploads { get; }
    public string Outside { get; }
    public BackupRoot Backups { get; }

    public DeletionTarget Target(StorageRoot root, string name) => PathGuard.Resolve(root, name, "job id");

    /// <summary>results/&lt;name&gt; with 3 files (1,234 + 5,000 + 7 bytes), 3 directories, 2 links (one dangling), modes and fixed times.</summary>
    public DeletionTarget AddJob(string name, int seed = 1)
    {
        var job = Path.Combine(Results.Path, name);
        Write(Path.Combine(job, "result.tif"), 1234, seed);
        Write(Path.Combine(job, "logs", "run.log"), 5000, seed + 1);
        Write(Path.Combine(job, "logs", "deep", "x.bin"), 7, seed + 2);
        File.SetUnixFileMode(Path.Combine(job, "logs", "run.log"), UnixFileMode.UserRead | UnixFileMode.GroupRead);
        File.SetUnixFileMode(Path.Combine(job, "result.tif"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead);
        File.SetUnixFileMode(Path.Combine(job, "logs", "deep"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        File.CreateSymbolicLink(Path.Combine(job, "logs", "to-result"), "../result.tif");
        File.CreateSymbolicLink(Path.Combine(job, "dangling"), Path.Combine(Outside, "not-there"));
        StampTimes(job, new DateTime(2024, 6, 1, 8, 30, 0, DateTimeKind.Utc));
        return Target(Results, name);
    }

    /// <summary>What quarantining or purging one <see cref="AddJob"/> tree frees on disk: its allocated blocks, directories included.</summary>
    public static long JobBytes => ReferenceJobBytes.Value;

    private static readonly Lazy<long> ReferenceJobBytes = new(() =>
    {
        using var reference = new BackupFixture();
        return DiskUsage.Of(reference.AddJob("reference").FullPath);
    });

    public BackupRun Begin(string runId = "run-1", bool forceCopy = false, DateTimeOffset? startedAt = null) =>
        BackupRun.Begin(Backups, runId, startedAt ?? Start, forceCopy);

    public static void Write(string path, int bytes, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(path, data);
    }

    /// <summary>Distinct whole-second times on every file and directory below and including <paramref name="root"/>, children first.</summary>
    public static void StampTimes(string root, DateTime start)
    {
        var offset = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).OrderByDescending(p => p.Length))
        {
            if (new FileInfo(path).LinkTarget is not null) continue;
            if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, start.AddMinutes(++offset));
            else File.SetLastWriteTimeUtc(path, start.AddMinutes(++offset));
        }
        Directory.SetLastWriteTimeUtc(root, start.AddMinutes(++offset));
    }

    public void Dispose()
    {
        Tree.Dispose();
        if (_otherDevice is not null)
            try { Directory.Delete(_otherDevice, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Every entry below (and including) a path as kind, content hash, mode and last-write time, links as their
/// target text: equal snapshots mean a byte-for-byte identical tree.
/// </summary>
public static class ExactSnapshot
{
    public static SortedDictionary<string, string> Take(string path)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Add(path, ".", entries);
        return entries;
    }

    private static void Add(string path, string relative, SortedDictionary<string, string> entries)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            entries[relative] = $"link -> {target}";
            return;
        }
        if (Directory.Exists(path))
        {
            entries[relative] = $"dir {File.GetUnixFileMode(path)} {Directory.GetLastWriteTimeUtc(path):O}";
            foreach (var child in Directory.EnumerateFileSystemEntries(path))
                Add(child, relative == "." ? Path.GetFileName(child) : $"{relative}/{Path.GetFileName(child)}", entries);
            return;
        }
        if (!info.Exists)
        {
            entries[relative] = "missing";
            return;
        }
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        entries[relative] = $"file {info.Length} {hash} {File.GetUnixFileMode(path)} {info.LastWriteTimeUtc:O}";
    }
}
