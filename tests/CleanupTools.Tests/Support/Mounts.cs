using System.Diagnostics;

namespace CleanupTools.Tests.Support;

/// <summary>
/// Real mounts for the one-file-system tests (the suite runs as root in CI). A mount that cannot be made fails
/// the test with the reason: these tests prove a data-loss fix and must never pass by not running.
/// </summary>
public sealed class Mounts : IDisposable
{
    private readonly List<string> _mounted = new();

    /// <summary>mount --bind <paramref name="source"/> <paramref name="target"/> (a bind of the same device).</summary>
    public void Bind(string source, string target) => Mount(target, "--bind", source, target);

    /// <summary>A fresh tmpfs (another device) of <paramref name="kilobytes"/> at <paramref name="target"/>; a small one fills up for real.</summary>
    public void Tmpfs(string target, int kilobytes = 4096) => Mount(target, "-t", "tmpfs", "-o", $"size={kilobytes}k", "cleanuptools-test", target);

    private void Mount(string target, params string[] args)
    {
        var (code, output) = Run("mount", args);
        if (code != 0)
            throw new Xunit.Sdk.XunitException($"mount {string.Join(' ', args)} failed ({output.Trim()}): this test needs root and permission to mount (run the suite as root, in a container with CAP_SYS_ADMIN).");
        _mounted.Add(target);
    }

    public void Dispose()
    {
        // Innermost first; lazily, so a test that failed with a file still open does not leave the mount behind.
        for (var i = _mounted.Count - 1; i >= 0; i--) Run("umount", "--lazy", _mounted[i]);
    }

    private static (int Code, string Output) Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
