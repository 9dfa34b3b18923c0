using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.FileSystemLimits;

/// <summary>
/// A worker's deletion session opens each storage root once for all its targets (not once per target) and closes
/// them when it ends; what it deletes, and reports, is what a deletion without a session does.
/// </summary>
public sealed class DeletionSessionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_session_deletes_under_two_roots_as_single_deletions_do_and_closes_the_roots_it_opened()
    {
        var results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("results"));
        var temp = StorageRoot.Create(StorageRoot.Temp, _tree.Dir("temp"));
        foreach (var job in new[] { "a", "b", "c" })
        {
            _tree.File($"results/{job}/outputs/day.tif", 5000);
            _tree.File($"results/{job}/workflow.log", 300);
            _tree.File($"temp/{job}/scratch.bin", 7000);
        }
        var alone = SafeDeleter.Delete(PathGuard.Resolve(results, "a", "job id"), measureOnly: false);

        DeletionOutcome[] outcomes;
        int openWhileRunning;
        using (var session = SafeDeleter.OpenSession())
        {
            outcomes = new[]
            {
                session.Delete(PathGuard.Resolve(results, "b", "job id"), measureOnly: false),
                session.Delete(PathGuard.Resolve(temp, "b", "job id"), measureOnly: false),
                session.Delete(PathGuard.Resolve(results, "c", "job id"), measureOnly: false),
                session.Delete(PathGuard.Resolve(temp, "c", "job id"), measureOnly: false),
                session.Delete(PathGuard.Resolve(temp, "gone", "job id"), measureOnly: false),
            };
            openWhileRunning = OpenDescriptorsOn(results.Path) + OpenDescriptorsOn(temp.Path);
        }

        Assert.All(outcomes.Take(4), o => Assert.True(o.Removed && o.Existed && o.WasDirectory, string.Join("; ", o.Tally.Errors)));
        Assert.False(outcomes[4].Existed);
        Assert.Equal(alone.Tally.Bytes, outcomes[0].Tally.Bytes);
        Assert.Equal(alone.Tally.Files, outcomes[2].Tally.Files);
        Assert.Equal(alone.Tally.Directories, outcomes[2].Tally.Directories);
        Assert.Empty(Directory.EnumerateFileSystemEntries(results.Path));
        Assert.True(Directory.Exists(_tree.Path("temp", "a")));
        Assert.False(Directory.Exists(_tree.Path("temp", "b")));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(2, openWhileRunning); // one descriptor per root, however many targets
            Assert.Equal(0, OpenDescriptorsOn(results.Path) + OpenDescriptorsOn(temp.Path));
        }
    }

    /// <summary>How many of this process's descriptors are open on exactly <paramref name="path"/> (Linux).</summary>
    private static int OpenDescriptorsOn(string path)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == path) count++;
            }
            catch (IOException)
            {
                // closed meanwhile by another test's thread
            }
        }
        return count;
    }
}
