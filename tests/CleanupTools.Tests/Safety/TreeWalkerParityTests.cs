using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Unix;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// Both tree walkers (descriptor-relative on Linux, path-based elsewhere) on the same real trees: same
/// counts, same bytes, same refusal to follow links, same per-entry failures.
/// </summary>
public sealed class TreeWalkerParityTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string> Walkers => new() { nameof(UnixTreeWalker), nameof(ManagedTreeWalker) };

    private static ITreeWalker Create(string name) => name == nameof(UnixTreeWalker) ? new UnixTreeWalker() : new ManagedTreeWalker();

    /// <summary>What a walker reports freed: allocated blocks (as find reports them) where the platform tells them, file lengths where not.</summary>
    private static long Freed(string walker, long lengths, long diskUsage) => walker == nameof(UnixTreeWalker) ? diskUsage : lengths;

    [Fact]
    public void Linux_x64_ci_uses_the_descriptor_relative_walker()
    {
        // The suite runs on Linux x64: if the probe ever failed there, the fast path would be silently lost.
        Assert.True(LibC.IsSupported);
        Assert.Equal(nameof(UnixTreeWalker), SafeDeleter.WalkerName);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_tree_is_deleted_with_exact_counts_and_links_are_unlinked_not_followed(string walker)
    {
        var outside = _tree.Dir("outside");
        var precious = _tree.File("outside/precious.bin", 4321);
        var results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("results"));
        _tree.File("results/job-1/a.tif", 1000);
        _tree.File("results/job-1/logs/run.log", 250);
        _tree.File("results/job-1/deep/er/still.bin", 7);
        File.CreateSymbolicLink(_tree.Path("results", "job-1", "to-outside-dir"), outside);
        File.CreateSymbolicLink(_tree.Path("results", "job-1", "logs", "to-outside-file"), precious);
        File.CreateSymbolicLink(_tree.Path("results", "job-1", "dangling"), _tree.Path("nowhere"));

        var usage = DiskUsage.Of(_tree.Path("results", "job-1"));

        var outcome = Create(walker).Delete(PathGuard.Resolve(results, "job-1", "job id"), measureOnly: false);

        Assert.True(outcome.Succeeded);
        Assert.True(outcome.Existed && outcome.WasDirectory && outcome.Removed);
        Assert.Equal(1257, outcome.Tally.ApparentBytes);
        Assert.Equal(Freed(walker, 1257, usage), outcome.Tally.Bytes);
        Assert.Equal(6, outcome.Tally.Files); // 3 files + 3 links
        Assert.Equal(4, outcome.Tally.Directories); // job-1, logs, deep, er
        Assert.False(Directory.Exists(_tree.Path("results", "job-1")));
        Assert.True(File.Exists(precious));
        Assert.Equal(4321, new FileInfo(precious).Length);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Measuring_counts_the_same_and_changes_nothing(string walker)
    {
        var results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("results"));
        _tree.File("results/job-1/a.tif", 1000);
        _tree.File("results/job-1/sub/b.tif", 24);
        File.CreateSymbolicLink(_tree.Path("results", "job-1", "sub", "link"), _tree.Dir("elsewhere"));
        _tree.File("elsewhere/big.bin", 100_000);

        var outcome = Create(walker).Delete(PathGuard.Resolve(results, "job-1", "job id"), measureOnly: true);

        Assert.Equal(1024, outcome.Tally.ApparentBytes);
        Assert.Equal(Freed(walker, 1024, DiskUsage.Of(_tree.Path("results", "job-1"))), outcome.Tally.Bytes);
        Assert.Equal(3, outcome.Tally.Files);
        Assert.Equal(2, outcome.Tally.Directories);
        Assert.False(outcome.Removed);
        Assert.True(File.Exists(_tree.Path("results", "job-1", "sub", "b.tif")));
        Assert.True(new FileInfo(_tree.Path("results", "job-1", "sub", "link")).LinkTarget is not null);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_target_that_is_itself_a_link_is_removed_as_a_link(string walker)
    {
        var results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("results"));
        var target = _tree.Dir("data", "job-1");
        _tree.File("data/job-1/keep.bin", 500);
        Directory.CreateSymbolicLink(_tree.Path("results", "job-1"), target);

        var usage = DiskUsage.Of(_tree.Path("results", "job-1")); // a link counts zero, its target never

        var outcome = Create(walker).Delete(PathGuard.Resolve(results, "job-1", "job id"), measureOnly: false);

        Assert.True(outcome.WasLink);
        Assert.Equal(Freed(walker, 0, usage), outcome.Tally.Bytes);
        Assert.Equal(0, outcome.Tally.ApparentBytes);
        Assert.Equal(1, outcome.Tally.Files);
        Assert.False(Path.Exists(_tree.Path("results", "job-1")));
        Assert.True(File.Exists(_tree.Path("data", "job-1", "keep.bin")));
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_plain_file_target_and_a_missing_target(string walker)
    {
        var uploads = StorageRoot.Create(StorageRoot.Uploads, _tree.Dir("uploads"));
        _tree.File("uploads/dem.tif", 2048);
        var sut = Create(walker);
        var usage = DiskUsage.Of(_tree.Path("uploads", "dem.tif"));

        var file = sut.Delete(PathGuard.Resolve(uploads, "dem.tif", "upload"), measureOnly: false);
        var missing = sut.Delete(PathGuard.Resolve(uploads, "gone.tif", "upload"), measureOnly: false);

        Assert.True(file.Existed && !file.WasDirectory && file.Removed);
        Assert.Equal(2048, file.Tally.ApparentBytes);
        Assert.Equal(Freed(walker, 2048, usage), file.Tally.Bytes);
        Assert.False(File.Exists(_tree.Path("uploads", "dem.tif")));
        Assert.False(missing.Existed);
        Assert.True(missing.Succeeded);
        Assert.Equal(0, missing.Tally.Files);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void An_undeletable_file_is_reported_its_siblings_still_go_and_its_bytes_are_not_counted(string walker)
    {
        var results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("results"));
        _tree.File("results/job-1/a.bin", 100);
        var locked = _tree.File("results/job-1/locked/stuck.bin", 999);
        _tree.File("results/job-1/z.bin", 10);
        var freed = DiskUsage.Each(_tree.Path("results", "job-1", "a.bin"), _tree.Path("results", "job-1", "z.bin")).Sum();
        Undeletable.Make(locked);

        var outcome = Create(walker).Delete(PathGuard.Resolve(results, "job-1", "job id"), measureOnly: false);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Removed);
        Assert.Contains(outcome.Tally.Errors, e => e.Contains("stuck.bin"));
        Assert.Equal(110, outcome.Tally.ApparentBytes);
        Assert.Equal(Freed(walker, 110, freed), outcome.Tally.Bytes);
        Assert.Equal(2, outcome.Tally.Files);
        Assert.True(File.Exists(locked));
        Assert.False(File.Exists(_tree.Path("results", "job-1", "a.bin")));
        Assert.False(File.Exists(_tree.Path("results", "job-1", "z.bin")));
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Measuring_a_root_follows_the_root_link_but_nothing_below_it(string walker)
    {
        var real = _tree.Dir("volume", "results");
        _tree.File("volume/results/job-1/a.bin", 300);
        _tree.File("volume/results/b.bin", 20);
        File.CreateSymbolicLink(_tree.Path("volume", "results", "job-1", "up"), _tree.Dir("volume"));
        Directory.CreateSymbolicLink(_tree.Path("results-link"), real);

        // Everything below the root, the root itself not included.
        var usage = DiskUsage.Each(_tree.Path("volume", "results", "job-1"), _tree.Path("volume", "results", "b.bin")).Sum();

        var tally = Create(walker).Measure(_tree.Path("results-link"));

        Assert.Equal(320, tally.ApparentBytes);
        Assert.Equal(Freed(walker, 320, usage), tally.Bytes);
        Assert.Equal(3, tally.Files);
        Assert.Equal(1, tally.Directories);
        Assert.Empty(tally.Errors);
    }
}
