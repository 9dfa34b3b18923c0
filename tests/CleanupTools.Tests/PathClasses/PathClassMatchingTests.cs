using CleanupTools.Policies;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathClasses;

/// <summary>Glob semantics on a real tree: '*' stays in its segment, '**' crosses them, matching is case-sensitive.</summary>
public sealed class PathClassMatchingTests : IDisposable
{
    private readonly TempTree _tree = new();

    public PathClassMatchingTests()
    {
        foreach (var file in new[]
        {
            "operation_1.json", "operation_2.json", "Operation_3.json", "operation_4.json.bak", "notes.json",
            "archive/operation_5.json", "archive/2024/operation_6.json",
            "logs/a.log", "logs/x/b.log", "logs/x/y/c.log", "logs/x/y/c.txt", "other/logs/d.log",
            "dbt/logs/e", "dbt/logs/f.log", "dbt/logs/sub/g", "dbt/h",
            "back\\slash.log",
        })
            _tree.File($"root/{file}", 10);
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_pattern_without_a_separator_matches_at_the_root_only()
    {
        Assert.Equal(new[] { "operation_1.json", "operation_2.json" }, Matches("operation_*.json"));
    }

    [Fact]
    public void Double_star_reaches_every_depth_including_the_root()
    {
        Assert.Equal(new[] { "archive/2024/operation_6.json", "archive/operation_5.json", "operation_1.json", "operation_2.json" },
            Matches("**/operation_*.json"));
    }

    [Fact]
    public void Double_star_in_the_middle_stays_under_its_prefix()
    {
        Assert.Equal(new[] { "logs/a.log", "logs/x/b.log", "logs/x/y/c.log" }, Matches("logs/**/*.log"));
    }

    [Fact]
    public void A_trailing_star_matches_direct_children_files_and_directories_alike()
    {
        // dbt/logs/sub is a directory matching the pattern: one entry, not descended.
        Assert.Equal(new[] { "dbt/logs/e", "dbt/logs/f.log", "dbt/logs/sub" }, Matches("dbt/logs/*"));
    }

    [Fact]
    public void Several_patterns_are_a_union_and_an_entry_is_reported_once()
    {
        Assert.Equal(new[] { "logs/a.log", "operation_1.json", "operation_2.json" }, Matches("operation_*.json", "logs/*.log", "operation_1.*"));
    }

    [Fact]
    public void A_backslash_in_a_file_name_is_an_ordinary_character()
    {
        Assert.Equal(new[] { "back\\slash.log" }, Matches("*.log"));
    }

    [Fact]
    public void No_patterns_match_nothing()
    {
        Assert.Empty(Matches());
    }

    private List<string> Matches(params string[] patterns)
    {
        var scan = PathClassScanner.Scan(_tree.Path("root"), patterns.Select(p => GlobPattern.Relative(p, "the test")).ToList(), CancellationToken.None);
        var found = scan.Entries.Select(e => e.RelativePath).Order(StringComparer.Ordinal).ToList();
        Assert.Empty(scan.Errors);
        return found;
    }
}
