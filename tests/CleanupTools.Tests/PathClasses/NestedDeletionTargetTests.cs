using CleanupTools.Policies;
using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.FileSystem.Unix;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathClasses;

/// <summary>
/// Scanned entries deleted below their root through both walkers. The attack: a directory between the root
/// and the entry is replaced by a link to an outside directory holding the same relative names. Whether the
/// swap happens before ToTarget or between ToTarget and the delete, nothing outside may go.
/// </summary>
public sealed class NestedDeletionTargetTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly StorageRoot _root;

    public NestedDeletionTargetTests() => _root = StorageRoot.Create("operations", _tree.Dir("root"));

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string> Walkers => new() { nameof(UnixTreeWalker), nameof(ManagedTreeWalker) };

    private static ITreeWalker Create(string name) => name == nameof(UnixTreeWalker) ? new UnixTreeWalker() : new ManagedTreeWalker();

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_nested_file_a_nested_directory_and_a_nested_link_are_deleted_with_exact_counts(string walker)
    {
        _tree.File("root/a/b/operation_1.json", 300);
        _tree.File("root/a/b/keep.json", 7);
        _tree.File("root/logs/run-1/x.log", 40);
        _tree.File("root/logs/run-1/sub/y.log", 2);
        var precious = _tree.File("outside/precious.log", 999);
        File.CreateSymbolicLink(_tree.Path("root", "logs", "link.log"), precious);
        var entries = Scan("a/b/operation_*.json", "logs/*").ToDictionary(e => e.RelativePath);
        var sut = Create(walker);
        var usage = DiskUsage.Each(_tree.Path("root", "a", "b", "operation_1.json"), _tree.Path("root", "logs", "run-1"), _tree.Path("root", "logs", "link.log"));
        var unix = walker == nameof(UnixTreeWalker);

        var file = sut.Delete(entries["a/b/operation_1.json"].ToTarget(_root), measureOnly: false);
        var directory = sut.Delete(entries["logs/run-1"].ToTarget(_root), measureOnly: false);
        var link = sut.Delete(entries["logs/link.log"].ToTarget(_root), measureOnly: false);

        Assert.True(file.Succeeded && file.Removed && !file.WasDirectory);
        Assert.Equal(300, file.Tally.ApparentBytes);
        Assert.Equal(unix ? usage[0] : 300, file.Tally.Bytes);
        Assert.Equal("operations/a/b/operation_1.json", file.Target.Display);
        Assert.True(directory.Succeeded && directory.WasDirectory);
        Assert.Equal(42, directory.Tally.ApparentBytes);
        Assert.Equal(unix ? usage[1] : 42, directory.Tally.Bytes);
        Assert.Equal(2, directory.Tally.Files);
        Assert.Equal(2, directory.Tally.Directories);
        Assert.True(link.Succeeded && link.WasLink);
        Assert.Equal(unix ? usage[2] : 0, link.Tally.Bytes); // the link's own blocks at most, never its target's
        Assert.False(File.Exists(_tree.Path("root", "a", "b", "operation_1.json")));
        Assert.False(Directory.Exists(_tree.Path("root", "logs", "run-1")));
        Assert.False(Path.Exists(_tree.Path("root", "logs", "link.log")));
        Assert.True(File.Exists(_tree.Path("root", "a", "b", "keep.json")));
        Assert.Equal(999, new FileInfo(precious).Length);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Measuring_a_nested_directory_changes_nothing(string walker)
    {
        _tree.File("root/logs/run-1/x.log", 40);
        var target = Assert.Single(Scan("logs/*")).ToTarget(_root);

        var outcome = Create(walker).Delete(target, measureOnly: true);

        Assert.Equal(40, outcome.Tally.ApparentBytes);
        Assert.Equal(walker == nameof(UnixTreeWalker) ? DiskUsage.Of(_tree.Path("root", "logs", "run-1")) : 40, outcome.Tally.Bytes);
        Assert.False(outcome.Removed);
        Assert.True(File.Exists(_tree.Path("root", "logs", "run-1", "x.log")));
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void An_intermediate_directory_swapped_for_an_outside_link_after_ToTarget_deletes_nothing_outside(string walker)
    {
        _tree.File("root/a/b/operation_1.json", 300);
        _tree.File("root/a/b/run/x.log", 30);
        var outside = PlantDecoy();
        var targets = Scan("a/b/operation_*.json", "a/b/run").Select(e => e.ToTarget(_root)).ToList();
        Assert.Equal(2, targets.Count);
        var before = TreeSnapshot.Take(outside);

        // The attack: the real "a" goes away and a link to the decoy takes its name.
        Directory.Move(_tree.Path("root", "a"), _tree.Path("moved-a"));
        Directory.CreateSymbolicLink(_tree.Path("root", "a"), outside);
        var sut = Create(walker);
        var outcomes = targets.Select(t => sut.Delete(t, measureOnly: false)).ToList();

        Assert.Equal(before, TreeSnapshot.Take(outside));
        Assert.All(outcomes, o =>
        {
            Assert.False(o.Succeeded);
            Assert.False(o.Removed);
            Assert.Equal(0, o.Tally.Bytes);
            Assert.Equal(0, o.Tally.Files);
            Assert.Contains("no longer a real directory", Assert.Single(o.Tally.Errors));
        });
        Assert.True(new FileInfo(_tree.Path("root", "a")).LinkTarget is not null);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_deeper_intermediate_swapped_for_a_link_is_refused_too_even_when_measuring(string walker)
    {
        _tree.File("root/a/b/c/operation_1.json", 300);
        var outside = PlantDecoy(); // decoy holds b/c/operation_1.json
        var target = Assert.Single(Scan("**/operation_*.json")).ToTarget(_root);
        var before = TreeSnapshot.Take(outside);

        Directory.Delete(_tree.Path("root", "a", "b"), recursive: true);
        Directory.CreateSymbolicLink(_tree.Path("root", "a", "b"), Path.Combine(outside, "b"));
        var sut = Create(walker);
        var measured = sut.Delete(target, measureOnly: true);
        var deleted = sut.Delete(target, measureOnly: false);

        Assert.Equal(before, TreeSnapshot.Take(outside));
        Assert.Equal(0, measured.Tally.Bytes);
        Assert.False(measured.Succeeded);
        Assert.False(deleted.Succeeded);
        Assert.Contains(_tree.Path("root", "a", "b"), Assert.Single(deleted.Tally.Errors));
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void An_intermediate_swapped_for_a_file_is_refused(string walker)
    {
        _tree.File("root/a/b/operation_1.json", 300);
        var target = Assert.Single(Scan("a/b/*")).ToTarget(_root);
        Directory.Delete(_tree.Path("root", "a", "b"), recursive: true);
        _tree.File("root/a/b", 50);

        var outcome = Create(walker).Delete(target, measureOnly: false);

        Assert.False(outcome.Succeeded);
        Assert.True(File.Exists(_tree.Path("root", "a", "b")));
        Assert.Equal(50, new FileInfo(_tree.Path("root", "a", "b")).Length);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void A_missing_intermediate_means_nothing_to_delete(string walker)
    {
        _tree.File("root/a/b/operation_1.json", 300);
        var target = Assert.Single(Scan("a/b/*")).ToTarget(_root);
        Directory.Delete(_tree.Path("root", "a"), recursive: true);

        var outcome = Create(walker).Delete(target, measureOnly: false);

        Assert.False(outcome.Existed);
        Assert.True(outcome.Succeeded);
        Assert.Equal(0, outcome.Tally.Files);
    }

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Hand_made_targets_with_hostile_names_are_refused_by_the_walker(string walker)
    {
        var outside = PlantDecoy();
        var before = TreeSnapshot.Take(outside);
        var sut = Create(walker);

        foreach (var name in new[] { "../outside/b/c/operation_1.json", "a/../../outside/b", "/" + outside.TrimStart('/'), "a//b", "a/./b", "a/b/..", "." })
        {
            var outcome = sut.Delete(new DeletionTarget(_root, name, Path.Join(_root.Path, name)), measureOnly: false);

            Assert.False(outcome.Succeeded, name);
            Assert.False(outcome.Removed, name);
            Assert.Contains("not a plain relative path", Assert.Single(outcome.Tally.Errors));
        }
        Assert.Equal(before, TreeSnapshot.Take(outside));
        Assert.True(Directory.Exists(_root.Path));
    }

    [Fact]
    public void ToTarget_refuses_an_intermediate_that_became_a_link_since_the_scan()
    {
        _tree.File("root/a/b/operation_1.json", 300);
        var outside = PlantDecoy();
        var entry = Assert.Single(Scan("a/b/*"));
        Directory.Move(_tree.Path("root", "a"), _tree.Path("moved-a"));
        Directory.CreateSymbolicLink(_tree.Path("root", "a"), outside);

        var error = Assert.Throws<UnsafePathException>(() => entry.ToTarget(_root));

        Assert.Contains(_tree.Path("root", "a"), error.Message);
        Assert.Contains("no longer a real directory", error.Message);
    }

    [Fact]
    public void ToTarget_refuses_an_intermediate_that_became_a_file()
    {
        _tree.File("root/a/b/operation_1.json", 300);
        var entry = Assert.Single(Scan("a/b/*"));
        Directory.Delete(_tree.Path("root", "a", "b"), recursive: true);
        _tree.File("root/a/b", 1);

        Assert.Throws<UnsafePathException>(() => entry.ToTarget(_root));
    }

    [Fact]
    public void ToTarget_keeps_the_relative_name_and_the_full_path_and_allows_the_entry_itself_to_be_a_link()
    {
        _tree.Dir("root", "a");
        Directory.CreateSymbolicLink(_tree.Path("root", "a", "operation_9.json"), PlantDecoy());
        var entry = Assert.Single(Scan("a/*"));

        var target = entry.ToTarget(_root);

        Assert.Equal(PathEntryKind.Link, entry.Kind);
        Assert.Equal("a/operation_9.json", target.Name);
        Assert.Equal(_tree.Path("root", "a", "operation_9.json"), target.FullPath);
        Assert.Same(_root, target.Root);
    }

    public static TheoryData<string, string> Forged => new()
    {
        { "../outside/x", "{root}/../outside/x" },
        { "a/../../x", "{root}/a/../../x" },
        { "a//b", "{root}/a//b" },
        { "./a", "{root}/./a" },
        { "a\0b", "{root}/a\0b" },
        { "a/b", "/elsewhere/a/b" },
        { "a/b", "{root}/a/c" },
        { "a/b", "{root}-sibling/a/b" },
        { "", "{root}" },
    };

    [Theory]
    [MemberData(nameof(Forged))]
    public void ToTarget_refuses_forged_entries(string relative, string full)
    {
        var entry = new PathClassEntry(full.Replace("{root}", _root.Path), relative, PathEntryKind.File, 0, DateTime.UtcNow);

        Assert.Throws<UnsafePathException>(() => entry.ToTarget(_root));
    }

    [Fact]
    public void ToTarget_refuses_an_entry_scanned_under_another_root()
    {
        _tree.File("root/a/operation_1.json");
        var other = StorageRoot.Create("other", _tree.Dir("other"));
        var entry = Assert.Single(Scan("a/*"));

        Assert.Throws<UnsafePathException>(() => entry.ToTarget(other));
    }

    [Fact]
    public void SafeDeleter_deletes_a_scanned_entry_end_to_end()
    {
        _tree.File("root/dbt/logs/old.log", 123);
        var target = Assert.Single(Scan("dbt/logs/*")).ToTarget(_root);

        var usage = DiskUsage.Of(_tree.Path("root", "dbt", "logs", "old.log"));

        var outcome = SafeDeleter.Delete(target, measureOnly: false);

        Assert.True(outcome.Succeeded && outcome.Removed);
        Assert.Equal(123, outcome.Tally.ApparentBytes);
        Assert.Equal(usage, outcome.Tally.Bytes);
        Assert.False(File.Exists(_tree.Path("root", "dbt", "logs", "old.log")));
        Assert.True(Directory.Exists(_tree.Path("root", "dbt", "logs")));
    }

    /// <summary>An outside directory laid out like the root's, so a followed link would find real victims.</summary>
    private string PlantDecoy()
    {
        var outside = _tree.Dir("outside");
        _tree.File("outside/b/operation_1.json", 1111);
        _tree.File("outside/b/c/operation_1.json", 2222);
        _tree.File("outside/b/run/x.log", 3333);
        return outside;
    }

    private List<PathClassEntry> Scan(params string[] patterns)
    {
        var scan = PathClassScanner.Scan(_root.Path, patterns.Select(p => GlobPattern.Relative(p, "the test")).ToList(), CancellationToken.None);
        var entries = scan.Entries.ToList();
        Assert.Empty(scan.Errors);
        return entries;
    }
}
