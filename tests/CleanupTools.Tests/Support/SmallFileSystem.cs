using System.Diagnostics;

namespace CleanupTools.Tests.Support;

/// <summary>
/// A real, tiny file system (tmpfs of a given size) mounted at a directory for one test, so "no space left on
/// device" happens for real. Needs the right to mount (root here and in CI): without it the test fails, never skips.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    public SmallFileSystem(string mountPoint, int kilobytes)
    {
        Directory.CreateDirectory(mountPoint);
        MountPoint = mountPoint;
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", mountPoint);
    }

    public string MountPoint { get; }

    public void Dispose() => Run("umount", "-l", MountPoint);

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Trim()} (these tests need the right to mount)");
    }
}
