using CleanupTools.Policies;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathClasses;

/// <summary>
/// The scanner on real trees: links are entries, never ways out of the root; matching directories are single
/// entries; the walk streams; unreadable directories are reported and skipped; the root is checked first.
/// </summary>
public sealed class PathClassScannerTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Links_to_outside_directories_are_never_descended_and_outside_files_never_listed()
    {
        _tree.File("outside/operation_9.json", 500);
        _tree.File("outside/deep/operation_8.json", 500);
        _tree.File("root/ops/operation_1.json", 20);
        Directory.CreateSymbolicLink(_tree.Path("root", "ops", "escape"), _tree.Path("outside"));
        Directory.CreateSymbolicLink(_tree.Path("root", "loop"), _tree.Path("root"));

        var scan = Scan("**/operation_*.json");
        var entries = scan.Entries.ToList();

        var entry = Assert.Single(entries);
        Assert.Equal("ops/operation_1.json", entry.RelativePath);
        Assert.Equal(_tree.Path("root", "ops", "operation_1.json"), entry.FullPath);
        Assert.Equal("operation_1.json", entry.Name);
        Assert.Equal(PathEntryKind.File, entry.Kind);
        Assert.Equal(20, entry.Length);
        Assert.Empty(scan.Errors);
        Assert.Equal(4, scan.Examined); // ops, loop, operation_1.json, escape: nothing behind either link
    }

    [Fact]
    public void A_link_that_matches_is_reported_as_a_link_with_its_own_time_and_no_size()
    {
        var outsideFile = _tree.File("outside/big.log", 100_000);
        File.SetLastWriteTimeUtc(outsideFile, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _tree.Dir("root", "logs");
        File.CreateSymbolicLink(_tree.Path("root", "logs", "to-file.log"), outsideFile);
        Directory.CreateSymbolicLink(_tree.Path("root", "logs", "to-dir.log"), _tree.Dir("outside", "dir"));
        File.CreateSymbolicLink(_tree.Path("root", "logs", "dangling.log"), _tree.Path("nowhere"));

        var entries = Scan("logs/*.log").Entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { "dangling.log", "to-dir.log", "to-file.log" }, entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(PathEntryKind.Link, e.Kind));
        Assert.All(entries, e => Assert.Equal(0, e.Length));
        // The link was made just now; its target is from 2001. lstat semantics report the link's own time.
        Assert.All(entries, e => Assert.True(e.LastWriteTimeUtc > DateTime.UtcNow.AddHours(-1), $"{e.Name}: {e.LastWriteTimeUtc:o}"));
        Assert.All(entries, e => Assert.Equal(DateTimeKind.Utc, e.LastWriteTimeUtc.Kind));
    }

    [Fact]
    public void A_file_reports_its_own_length_and_time()
    {
        var file = _tree.File("root/tmp/x.tmp", 1234);
        var stamp = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, stamp);

        var entry = Assert.Single(Scan("tmp/*").Entries);

        Assert.Equal(1234, entry.Length);
        Assert.Equal(stamp, entry.LastWriteTimeUtc);
    }

    [Fact]
    public void A_matching_directory_is_one_entry_and_is_not_descended()
    {
        _tree.File("root/runs/run-1/a.log", 10);
        _tree.File("root/runs/run-1/deep/b.log", 10);
        _tree.File("root/runs/run-2/c.log", 10);

        var scan = Scan("runs/*", "**/*.log");
        var entries = scan.Entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { "runs/run-1", "runs/run-2" }, entries.Select(e => e.RelativePath));
        Assert.All(entries, e => Assert.Equal(PathEntryKind.Directory, e.Kind));
        Assert.All(entries, e => Assert.Equal(0, e.Length));
        Assert.Equal(3, scan.Examined); // runs, run-1, run-2: nothing inside the matched directories
    }

    [Fact]
    public void The_scan_streams_instead_of_listing_the_tree_first()
    {
        for (var d = 0; d < 20; d++)
        {
            var dir = _tree.Dir("root", $"d{d:00}");
            for (var f = 0; f < 1000; f++) File.WriteAllBytes(Path.Combine(dir, $"f{f:0000}.log"), Array.Empty<byte>());
        }

        var scan = Scan("**/*.log");
        using (var enumerator = scan.Entries.GetEnumerator())
        {
            Assert.True(enumerator.MoveNext());
            Assert.EndsWith(".log", enumerator.Current.Name);
            // The 20 directories at the root and the first file of the first one: not the 20,020 entries.
            Assert.InRange(scan.Examined, 1, 21);
        }

        var full = Scan("**/*.log");
        Assert.Equal(20_000, full.Entries.Count());
        Assert.Equal(20_020, full.Examined);
    }

    [Fact]
    public void Entries_can_be_enumerated_once()
    {
        _tree.File("root/a.log");
        var scan = Scan("*.log");

        Assert.Single(scan.Entries);
        Assert.Throws<InvalidOperationException>(() => scan.Entries);
    }

    [Fact]
    public void An_unreadable_subdirectory_is_reported_and_the_rest_is_still_scanned()
    {
        _tree.File("root/a/1.log");
        var locked = _tree.File("root/locked/2.log");
        _tree.File("root/z/3.log");
        File.SetUnixFileMode(Path.GetDirectoryName(locked)!, UnixFileMode.None);

        var (readable, scan, entries) = Unprivileged.Run(() =>
        {
            bool canRead;
            try
            {
                Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(locked)!).ToList();
                canRead = true;
            }
            catch (UnauthorizedAccessException)
            {
                canRead = false;
            }
            var s = Scan("**/*.log");
            return (canRead, s, s.Entries.Select(e => e.RelativePath).Order(StringComparer.Ordinal).ToList());
        });

        Assert.False(readable, "the mode-000 directory must really be unreadable to the scan, root or not");
        Assert.Equal(new[] { "a/1.log", "z/3.log" }, entries);
        var error = Assert.Single(scan.Errors);
        Assert.Contains(_tree.Path("root", "locked"), error);
        Assert.False(scan.RootMissing);
    }

    [Fact]
    public void A_missing_root_is_no_error_and_yields_nothing()
    {
        var scan = Scan("**/*");

        Assert.True(scan.RootMissing);
        Assert.Empty(scan.Entries);
        Assert.Empty(scan.Errors);
    }

    [Fact]
    public void A_root_that_is_a_link_is_refused_even_when_it_points_at_a_directory()
    {
        _tree.File("real/operation_1.json");
        Directory.CreateSymbolicLink(_tree.Path("root"), _tree.Path("real"));

        var scan = Scan("*");

        Assert.Empty(scan.Entries);
        Assert.False(scan.RootMissing);
        Assert.Contains("symbolic link", Assert.Single(scan.Errors));
    }

    [Fact]
    public void A_dangling_root_link_is_refused_not_taken_for_a_missing_root()
    {
        Directory.CreateSymbolicLink(_tree.Path("root"), _tree.Path("nowhere"));

        var scan = Scan("*");

        Assert.Empty(scan.Entries);
        Assert.False(scan.RootMissing);
        Assert.Single(scan.Errors);
    }

    [Fact]
    public void A_root_that_is_a_file_is_refused()
    {
        _tree.File("root", 5);

        var scan = Scan("*");

        Assert.Empty(scan.Entries);
        Assert.Contains("not a directory", Assert.Single(scan.Errors));
    }

    [Theory]
    [InlineData("relative/root")]
    [InlineData("")]
    [InlineData("/")]
    public void A_root_that_is_not_a_full_directory_path_is_an_argument_error(string root)
    {
        Assert.Throws<ArgumentException>(() => PathClassScanner.Scan(root, new[] { GlobPattern.Relative("*", "the test") }, CancellationToken.None));
    }

    [Fact]
    public void A_trailing_separator_on_the_root_does_not_change_the_paths()
    {
        var file = _tree.File("root/a.log");

        var entry = Assert.Single(PathClassScanner.Scan(_tree.Path("root") + "/", new[] { GlobPattern.Relative("*.log", "the test") }, CancellationToken.None).Entries);

        Assert.Equal(file, entry.FullPath);
        Assert.Equal("a.log", entry.RelativePath);
    }

    [Fact]
    public void Cancellation_stops_the_walk()
    {
        _tree.File("root/a/1.log");
        _tree.File("root/b/2.log");
        using var cancel = new CancellationTokenSource();
        var scan = PathClassScanner.Scan(_tree.Path("root"), new[] { GlobPattern.Relative("**/*.log", "the test") }, cancel.Token);

        using var enumerator = scan.Entries.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => enumerator.MoveNext());
    }

    [Fact]
    public void Hidden_and_oddly_named_entries_are_scanned_too()
    {
        _tree.File("root/.cache/x.tmp");
        _tree.File("root/ sp ace/y.tmp");
        _tree.File("root/ünï/z.tmp");

        var entries = Scan("**/*.tmp").Entries.Select(e => e.RelativePath).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { " sp ace/y.tmp", ".cache/x.tmp", "ünï/z.tmp" }, entries);
    }

    [Fact]
    public void Every_entry_lies_inside_the_root_and_spells_root_slash_relative()
    {
        _tree.File("root/a/b/c/d.log");
        _tree.File("root/e.log");
        File.CreateSymbolicLink(_tree.Path("root", "a", "up.log"), _tree.Path("root"));

        var entries = Scan("**/*.log").Entries.ToList();

        Assert.Equal(3, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.StartsWith(_tree.Path("root") + "/", e.FullPath);
            Assert.Equal(Path.Join(_tree.Path("root"), e.RelativePath), e.FullPath);
        });
    }

    private PathClassScan Scan(params string[] patterns) =>
        PathClassScanner.Scan(_tree.Path("root"), patterns.Select(p => GlobPattern.Relative(p, "the test")).ToList(), CancellationToken.None);
}
