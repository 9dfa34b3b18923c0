using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// A link planted where the SQLite run lock keeps its lock file or its holder file, pointing outside the store:
/// the run never follows it (the target keeps its content and metadata, a missing target is not created),
/// stops within its lock timeout with exit 2 naming the path, and deletes nothing.
/// </summary>
public sealed class RunLockLinkTests
{
    /// <summary>Well above --lock-timeout 2 plus process start-up; only a bound that catches a hang or a spin.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(".cleanuptools-lock", true)]
    [InlineData(".cleanuptools-lock", false)]
    [InlineData(".cleanuptools-lock.holder", true)]
    [InlineData(".cleanuptools-lock.holder", false)]
    public void A_link_at_a_lock_file_is_refused_within_the_timeout_and_its_target_is_untouched(string suffix, bool targetExists)
    {
        using var store = new SqliteSharedStore(20);
        var outside = store.Tree.Dir("outside");
        var target = Path.Combine(outside, "precious.txt");
        var mtime = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        if (targetExists)
        {
            File.WriteAllText(target, "precious, not the tool's\n");
            File.SetLastWriteTimeUtc(target, mtime);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var link = store.DbPath + suffix;
        File.CreateSymbolicLink(link, target);
        var before = TreeSnapshot.Take(store.Base);
        var storeBefore = store.Fingerprint();

        using var run = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--lock-timeout", "2"]);
        var ended = run.Process.WaitForExit(HangBound);
        if (!ended) run.Process.Kill(entireProcessTree: true);
        var result = run.Finish();

        Assert.True(ended, $"the run did not end within {HangBound.TotalSeconds} s\n{result}");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("refusing to follow a link", result.Stderr);
        Assert.Contains(link, result.Stderr);
        if (targetExists)
        {
            Assert.Equal("precious, not the tool's\n", File.ReadAllText(target));
            Assert.Equal(mtime, File.GetLastWriteTimeUtc(target));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        }
        else
        {
            Assert.False(File.Exists(target), "the link's target was created");
        }
        Assert.Equal(new[] { target }.Where(_ => targetExists), Directory.GetFileSystemEntries(outside));
        Assert.Equal(before, TreeSnapshot.Take(store.Base)); // every job's files, and the link itself, still there
        Assert.Equal(storeBefore, store.Fingerprint());
    }
}
