using System.Diagnostics;

namespace CleanupTools.Tests.Support;

/// <summary>
/// Makes a real file impossible to delete. Tests run as root on CI, where permission bits do not stop
/// anything, so root gets the immutable attribute (chattr +i); other users get a read-only parent directory.
/// </summary>
public static class Undeletable
{
    public static bool IsRoot => Environment.UserName == "root";

    public static void Make(string file)
    {
        if (IsRoot) Run("chattr", new[] { "+i", file }, ignoreFailure: false);
        else File.SetUnixFileMode(Path.GetDirectoryName(file)!, UnixFileMode.UserRead | UnixFileMode.UserExecute);
    }

    public static void ClearAll(string root)
    {
        if (!Directory.Exists(root)) return;
        if (IsRoot) Run("chattr", new[] { "-R", "-i", root }, ignoreFailure: true);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Run(string tool, string[] args, bool ignoreFailure)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !ignoreFailure)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {error}");
    }
}
