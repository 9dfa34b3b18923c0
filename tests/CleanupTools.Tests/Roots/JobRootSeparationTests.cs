using CleanupTools.Configuration;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Roots;

/// <summary>
/// The job roots (results, uploads, temp, logs) and the backup root are kept apart from each other and from the
/// SQLite database when settings are resolved: lexically, after resolving links, and for roots that do not exist
/// yet. Real directories and links under a temporary tree.
/// </summary>
public sealed class JobRootSeparationTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    public static readonly string[] RootNames = { "results", "uploads", "temp", "logs", "backup" };

    /// <summary>Every unordered pair of roots, with the second set equal to, inside and above the first.</summary>
    public static IEnumerable<object[]> OverlappingPairs()
    {
        for (var i = 0; i < RootNames.Length; i++)
            for (var j = i + 1; j < RootNames.Length; j++)
                foreach (var shape in new[] { "is", "lies inside", "contains" })
                    yield return new object[] { RootNames[i], RootNames[j], shape };
    }

    private CleanupOptions Distinct()
    {
        var store = _tree.Path("store");
        return new CleanupOptions
        {
            BaseDir = store,
            ResultsDir = Path.Combine(store, "results"),
            UploadsDir = Path.Combine(store, "uploads"),
            TempDir = Path.Combine(store, "temp"),
            LogsDir = Path.Combine(store, "logs"),
            BackupDir = Path.Combine(store, "cleanup_backups"),
        };
    }

    private static void Set(CleanupOptions options, string root, string path)
    {
        switch (root)
        {
            case "results": options.ResultsDir = path; break;
            case "uploads": options.UploadsDir = path; break;
            case "temp": options.TempDir = path; break;
            case "logs": options.LogsDir = path; break;
            case "backup": options.BackupDir = path; break;
            default: throw new ArgumentOutOfRangeException(nameof(root));
        }
    }

    private CleanupSettings Resolve(CleanupOptions options) => SettingsResolver.Resolve(options, EnvironmentReader.Empty, _tree.Root);

    [Theory]
    [MemberData(nameof(OverlappingPairs))]
    public void Every_overlapping_pair_of_roots_is_refused_naming_both_even_before_they_exist(string first, string second, string shape)
    {
        var options = Distinct();
        var a = _tree.Path("volume", "a");
        var b = shape switch { "is" => a, "lies inside" => Path.Combine(a, "inner"), _ => _tree.Path("volume") };
        Set(options, first, a);
        Set(options, second, b);

        var e = Assert.Throws<ConfigurationException>(() => Resolve(options));

        Assert.Contains($"'{a}'", e.Message);
        Assert.Contains($"'{b}'", e.Message);
        Assert.Contains($"{first} directory", e.Message);
        Assert.Contains($"{second} directory", e.Message);
        Assert.False(Directory.Exists(_tree.Path("volume")));
    }

    [Theory]
    [InlineData("results")]
    [InlineData("uploads")]
    [InlineData("temp")]
    [InlineData("logs")]
    [InlineData("backup")]
    public void A_root_that_holds_the_database_is_refused(string root)
    {
        var options = Distinct();
        options.DbPath = _tree.Path("db", "jobs.db");
        Set(options, root, _tree.Path("db"));

        var e = Assert.Throws<ConfigurationException>(() => Resolve(options));

        Assert.Contains("job database", e.Message);
        Assert.Contains($"'{_tree.Path("db")}'", e.Message);
        Assert.Contains($"'{options.DbPath}'", e.Message);
    }

    [Fact]
    public void A_root_equal_to_the_base_directory_that_holds_jobs_db_is_refused()
    {
        var store = _tree.Dir("store");
        File.WriteAllText(Path.Combine(store, "jobs.db"), "");
        var options = new CleanupOptions { BaseDir = store, ResultsDir = store };

        var e = Assert.Throws<ConfigurationException>(() => Resolve(options));

        Assert.Contains($"results directory '{store}'", e.Message);
    }

    [Fact]
    public void A_root_that_is_a_link_to_another_root_is_refused_with_the_real_paths()
    {
        var options = Distinct();
        var results = _tree.Dir("store", "results");
        var link = _tree.Path("elsewhere", "uploads-link");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, results);
        options.UploadsDir = link;

        var e = Assert.Throws<ConfigurationException>(() => Resolve(options));

        Assert.Contains("results directory", e.Message);
        Assert.Contains($"'{link}'", e.Message);
        Assert.Contains("after resolving links", e.Message);
    }

    [Fact]
    public void A_missing_root_below_a_link_into_another_root_is_refused_by_its_real_path()
    {
        var options = Distinct();
        var temp = _tree.Dir("store", "temp");
        var link = _tree.Path("mnt");
        Directory.CreateSymbolicLink(link, temp);
        // logs does not exist yet; only its parent is a link, into temp.
        options.LogsDir = Path.Combine(link, "not-yet", "logs");

        var e = Assert.Throws<ConfigurationException>(() => Resolve(options));

        Assert.Contains("temp directory", e.Message);
        Assert.Contains("logs directory", e.Message);
    }

    [Fact]
    public void A_root_whose_real_directory_holds_the_database_is_refused()
    {
        var options = Distinct();
        var dbDir = _tree.Dir("db");
        options.DbPath = Path.Combine(dbDir, "jobs.db");
        var link = _tree.Path("results-link");
        Directory.CreateSymbolicLink(link, dbDir);
        options.ResultsDir = link;

        var e = Assert.Throws<ConfigurationException>(() => Resolve(options));

        Assert.Contains("job database", e.Message);
        Assert.Contains("after resolving links", e.Message);
        // Siblings under one base, the default layout, stay accepted.
        Resolve(Distinct());
    }
}
