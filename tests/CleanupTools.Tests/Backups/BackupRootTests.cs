using CleanupTools.Configuration;
using CleanupTools.FileSystem.Backups;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// The backup root is kept apart from every cleaned root, in both directions, lexically and through links:
/// purging backups must never reach live job data.
/// </summary>
public sealed class BackupRootTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly StorageRoot _results;
    private readonly StorageRoot _uploads;

    public BackupRootTests()
    {
        _results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("data", "results"));
        _uploads = StorageRoot.Create(StorageRoot.Uploads, _tree.Dir("data", "uploads"));
    }

    public void Dispose() => _tree.Dispose();

    private StorageRoot[] Cleaned => new[] { _results, _uploads };

    [Fact]
    public void A_separate_directory_is_accepted_and_normalised()
    {
        var root = BackupRoot.Create(_tree.Path("data", "x", "..", "backups") + "/", Cleaned);

        Assert.Equal(_tree.Path("data", "backups"), root.Path);
        Assert.Equal(Cleaned, root.CleanedRoots);
    }

    [Fact]
    public void A_sibling_whose_name_extends_a_cleaned_root_is_not_inside_it()
    {
        var root = BackupRoot.Create(_tree.Path("data", "results2"), Cleaned);

        Assert.Equal(_tree.Path("data", "results2"), root.Path);
    }

    [Fact]
    public void A_cleaned_root_itself_is_refused()
    {
        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_results.Path, Cleaned));
        Assert.Contains("is the results directory", e.Message);
    }

    [Fact]
    public void A_directory_inside_a_cleaned_root_is_refused()
    {
        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("data", "uploads", "cleanup_backups"), Cleaned));
        Assert.Contains("lies inside the uploads directory", e.Message);
    }

    [Fact]
    public void A_directory_containing_a_cleaned_root_is_refused()
    {
        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("data"), Cleaned));
        Assert.Contains("contains the results directory", e.Message);
    }

    [Fact]
    public void A_path_reaching_into_a_cleaned_root_through_a_link_is_refused()
    {
        Directory.CreateSymbolicLink(_tree.Path("innocent"), _results.Path);

        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("innocent", "not-yet", "backups"), Cleaned));
        Assert.Contains("lies inside the results directory", e.Message);
        Assert.Contains("after resolving links", e.Message);
        Assert.False(Directory.Exists(_tree.Path("data", "results", "not-yet")));
    }

    [Fact]
    public void A_relative_link_chain_with_dot_dot_into_a_cleaned_root_is_refused()
    {
        _tree.Dir("a", "b");
        Directory.CreateSymbolicLink(_tree.Path("a", "b", "hop"), "../../data");
        Directory.CreateSymbolicLink(_tree.Path("backups-link"), "a/b/hop/uploads");

        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("backups-link"), Cleaned));
        Assert.Contains("is the uploads directory", e.Message);
    }

    [Fact]
    public void A_cleaned_root_reached_through_a_link_is_compared_by_where_it_really_is()
    {
        var realResults = _tree.Dir("volume", "results");
        Directory.CreateSymbolicLink(_tree.Path("results-link"), realResults);
        var linkedResults = StorageRoot.Create(StorageRoot.Results, _tree.Path("results-link"));

        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("volume", "results", "bk"), new[] { linkedResults }));
        Assert.Contains("lies inside", e.Message);
        Assert.Equal(_tree.Path("volume", "bk"), BackupRoot.Create(_tree.Path("volume", "bk"), new[] { linkedResults }).Path);
    }

    [Fact]
    public void A_link_loop_is_refused_with_a_configuration_error()
    {
        Directory.CreateSymbolicLink(_tree.Path("loop-a"), _tree.Path("loop-b"));
        Directory.CreateSymbolicLink(_tree.Path("loop-b"), _tree.Path("loop-a"));

        Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("loop-a", "backups"), Cleaned));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/..")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/tmp/a\0b")]
    public void File_system_roots_and_unusable_paths_are_refused(string configured)
    {
        Assert.Throws<ConfigurationException>(() => BackupRoot.Create(configured, Cleaned));
    }

    [Fact]
    public void A_link_to_the_file_system_root_is_refused()
    {
        Directory.CreateSymbolicLink(_tree.Path("to-root"), "/");

        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(_tree.Path("to-root"), Array.Empty<StorageRoot>()));
        Assert.Contains("file-system root", e.Message);
    }

    [Fact]
    public void A_file_is_refused()
    {
        var file = _tree.File("backups-file", 10);

        var e = Assert.Throws<ConfigurationException>(() => BackupRoot.Create(file, Cleaned));
        Assert.Contains("is a file", e.Message);
    }
}
