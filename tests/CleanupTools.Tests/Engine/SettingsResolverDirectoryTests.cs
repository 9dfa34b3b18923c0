using CleanupTools.Configuration;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Engine;

/// <summary>Where the database and the three roots come from: parameter, environment, base directory, current directory.</summary>
public sealed class SettingsResolverDirectoryTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static void AssertUnder(string baseDir, CleanupSettings settings)
    {
        Assert.Equal(Path.Combine(baseDir, "jobs.db"), settings.DbPath);
        Assert.Equal(Path.Combine(baseDir, "results"), settings.Results.Path);
        Assert.Equal(Path.Combine(baseDir, "uploads"), settings.Uploads.Path);
        Assert.Equal(Path.Combine(baseDir, "temp"), settings.Temp.Path);
    }

    [Fact]
    public void Without_any_setting_everything_lives_under_the_current_directory()
    {
        var settings = SettingsResolver.Resolve(new CleanupOptions(), EnvironmentReader.Empty, _tree.Root);

        AssertUnder(_tree.Root, settings);
        Assert.Equal(new[] { StorageRoot.Results, StorageRoot.Uploads, StorageRoot.Temp, StorageRoot.Logs }, settings.Roots.Select(r => r.Name));
    }

    [Fact]
    public void A_base_directory_parameter_derives_all_four_locations()
    {
        var baseDir = _tree.Path("install");

        AssertUnder(baseDir, SettingsResolver.Resolve(new CleanupOptions { BaseDir = baseDir }, EnvironmentReader.Empty, _tree.Root));
    }

    [Theory]
    [InlineData("EEMT_BASE_DIR")]
    [InlineData("CLEANUPTOOLS_BASE_DIR")]
    public void A_base_directory_from_the_environment_derives_all_four_locations(string variable)
    {
        var baseDir = _tree.Path("from-env");

        AssertUnder(baseDir, SettingsResolver.Resolve(new CleanupOptions(), Env.Of((variable, baseDir)), _tree.Root));
    }

    [Fact]
    public void CLEANUPTOOLS_BASE_DIR_beats_EEMT_BASE_DIR()
    {
        var ours = _tree.Path("ours");
        var env = Env.Of(("EEMT_BASE_DIR", _tree.Path("theirs")), ("CLEANUPTOOLS_BASE_DIR", ours));

        AssertUnder(ours, SettingsResolver.Resolve(new CleanupOptions(), env, _tree.Root));
    }

    [Fact]
    public void Each_locations_own_variable_beats_a_base_directory_parameter()
    {
        // Issue 9: --base-dir used to override EEMT_RESULTS_DIR silently; a root named by its own variable is more specific.
        var baseDir = _tree.Path("typed");
        var env = Env.Of(
            ("EEMT_DB_PATH", _tree.Path("env", "other.db")),
            ("EEMT_RESULTS_DIR", _tree.Path("env", "r")),
            ("CLEANUPTOOLS_UPLOADS_DIR", _tree.Path("env", "u")),
            ("EEMT_TEMP_DIR", _tree.Path("env", "t")),
            ("EEMT_LOGS_DIR", _tree.Path("env", "l")),
            ("CLEANUPTOOLS_BACKUP_DIR", _tree.Path("env", "b")),
            ("EEMT_BASE_DIR", _tree.Path("env-base")));

        var settings = SettingsResolver.Resolve(new CleanupOptions { BaseDir = baseDir }, env, _tree.Root);

        Assert.Equal(_tree.Path("env", "other.db"), settings.DbPath);
        Assert.Equal(_tree.Path("env", "r"), settings.Results.Path);
        Assert.Equal(_tree.Path("env", "u"), settings.Uploads.Path);
        Assert.Equal(_tree.Path("env", "t"), settings.Temp.Path);
        Assert.Equal(_tree.Path("env", "l"), settings.Logs.Path);
        Assert.Equal(_tree.Path("env", "b"), settings.BackupDir);
    }

    [Fact]
    public void A_base_directory_parameter_beats_the_environment_base_directory_for_locations_without_a_variable()
    {
        var baseDir = _tree.Path("typed");
        var env = Env.Of(("EEMT_BASE_DIR", _tree.Path("env-base")), ("EEMT_RESULTS_DIR", _tree.Path("env", "r")));

        var settings = SettingsResolver.Resolve(new CleanupOptions { BaseDir = baseDir }, env, _tree.Root);

        Assert.Equal(_tree.Path("env", "r"), settings.Results.Path);
        Assert.Equal(Path.Combine(baseDir, "jobs.db"), settings.DbPath);
        Assert.Equal(Path.Combine(baseDir, "uploads"), settings.Uploads.Path);
        Assert.Equal(Path.Combine(baseDir, "temp"), settings.Temp.Path);
        Assert.Equal(Path.Combine(baseDir, "logs"), settings.Logs.Path);
        Assert.Equal(Path.Combine(baseDir, "cleanup_backups"), settings.BackupDir);
    }

    [Fact]
    public void Specific_environment_directories_beat_an_environment_base_directory()
    {
        var env = Env.Of(
            ("EEMT_BASE_DIR", _tree.Path("env-base")),
            ("EEMT_RESULTS_DIR", _tree.Path("elsewhere", "results")),
            ("EEMT_DB_PATH", _tree.Path("elsewhere", "app.db")));

        var settings = SettingsResolver.Resolve(new CleanupOptions(), env, _tree.Root);

        Assert.Equal(_tree.Path("elsewhere", "app.db"), settings.DbPath);
        Assert.Equal(_tree.Path("elsewhere", "results"), settings.Results.Path);
        Assert.Equal(_tree.Path("env-base", "uploads"), settings.Uploads.Path);
        Assert.Equal(_tree.Path("env-base", "temp"), settings.Temp.Path);
    }

    [Fact]
    public void Specific_parameters_beat_the_base_directory_parameter_and_the_environment()
    {
        var options = new CleanupOptions
        {
            BaseDir = _tree.Path("base"),
            DbPath = _tree.Path("p", "x.db"),
            ResultsDir = _tree.Path("p", "res"),
            UploadsDir = _tree.Path("p", "up"),
            TempDir = _tree.Path("p", "tmp"),
        };
        var env = Env.Of(("EEMT_RESULTS_DIR", _tree.Path("env", "r")), ("EEMT_DB_PATH", _tree.Path("env", "e.db")));

        var settings = SettingsResolver.Resolve(options, env, _tree.Root);

        Assert.Equal(_tree.Path("p", "x.db"), settings.DbPath);
        Assert.Equal(_tree.Path("p", "res"), settings.Results.Path);
        Assert.Equal(_tree.Path("p", "up"), settings.Uploads.Path);
        Assert.Equal(_tree.Path("p", "tmp"), settings.Temp.Path);
    }

    [Fact]
    public void CLEANUPTOOLS_directory_variables_beat_EEMT_ones()
    {
        var env = Env.Of(
            ("EEMT_RESULTS_DIR", _tree.Path("eemt")),
            ("CLEANUPTOOLS_RESULTS_DIR", _tree.Path("ours")),
            ("EEMT_DB_PATH", _tree.Path("eemt.db")),
            ("CLEANUPTOOLS_DB_PATH", _tree.Path("ours.db")));

        var settings = SettingsResolver.Resolve(new CleanupOptions(), env, _tree.Root);

        Assert.Equal(_tree.Path("ours"), settings.Results.Path);
        Assert.Equal(_tree.Path("ours.db"), settings.DbPath);
    }

    [Fact]
    public void Blank_environment_values_count_as_unset()
    {
        var env = Env.Of(("CLEANUPTOOLS_RESULTS_DIR", "   "), ("EEMT_RESULTS_DIR", _tree.Path("eemt")), ("EEMT_BASE_DIR", ""));

        var settings = SettingsResolver.Resolve(new CleanupOptions(), env, _tree.Root);

        Assert.Equal(_tree.Path("eemt"), settings.Results.Path);
        Assert.Equal(_tree.Path("uploads"), settings.Uploads.Path);
    }

    [Fact]
    public void Roots_are_normalised_without_a_trailing_separator()
    {
        var settings = SettingsResolver.Resolve(new CleanupOptions { ResultsDir = _tree.Root + "/a/../results/" }, EnvironmentReader.Empty, _tree.Root);

        Assert.Equal(_tree.Path("results"), settings.Results.Path);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("/tmp/..")]
    [InlineData("/tmp/../")]
    public void A_file_system_root_is_rejected_as_a_root_parameter(string root)
    {
        foreach (var options in new[]
                 {
                     new CleanupOptions { ResultsDir = root },
                     new CleanupOptions { UploadsDir = root },
                     new CleanupOptions { TempDir = root },
                 })
        {
            var error = Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(options, EnvironmentReader.Empty, _tree.Root));
            Assert.Contains("file-system root", error.Message);
        }
    }

    [Theory]
    [InlineData("EEMT_RESULTS_DIR")]
    [InlineData("CLEANUPTOOLS_RESULTS_DIR")]
    [InlineData("EEMT_UPLOADS_DIR")]
    [InlineData("CLEANUPTOOLS_UPLOADS_DIR")]
    [InlineData("EEMT_TEMP_DIR")]
    [InlineData("CLEANUPTOOLS_TEMP_DIR")]
    public void A_file_system_root_from_the_environment_is_rejected_naming_the_variable(string variable)
    {
        var error = Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(new CleanupOptions(), Env.Of((variable, "/")), _tree.Root));

        Assert.Contains(variable, error.Message);
        Assert.Contains("file-system root", error.Message);
    }

    [Theory]
    [InlineData("EEMT_RESULTS_DIR")]
    [InlineData("EEMT_UPLOADS_DIR")]
    [InlineData("CLEANUPTOOLS_TEMP_DIR")]
    [InlineData("EEMT_DB_PATH")]
    [InlineData("CLEANUPTOOLS_DB_PATH")]
    [InlineData("EEMT_BASE_DIR")]
    [InlineData("CLEANUPTOOLS_BASE_DIR")]
    public void A_path_with_a_NUL_from_the_environment_is_rejected_naming_the_variable(string variable)
    {
        var error = Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(new CleanupOptions(), Env.Of((variable, _tree.Root + "/a\0b")), _tree.Root));

        Assert.Contains(variable, error.Message);
        Assert.Contains("\\0", error.Message);
    }

    [Fact]
    public void A_path_with_a_NUL_as_a_parameter_is_rejected()
    {
        foreach (var options in new[]
                 {
                     new CleanupOptions { ResultsDir = "/srv/a\0b" },
                     new CleanupOptions { UploadsDir = "/srv/a\0b" },
                     new CleanupOptions { TempDir = "/srv/a\0b" },
                     new CleanupOptions { DbPath = "/srv/a\0b.db" },
                     new CleanupOptions { BaseDir = "/srv/a\0b" },
                 })
        {
            var error = Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(options, EnvironmentReader.Empty, _tree.Root));
            Assert.Contains("not a usable path", error.Message);
        }
    }

    [Fact]
    public void An_invalid_mapping_is_rejected_before_anything_is_opened()
    {
        var options = new CleanupOptions { Mapping = new JobTableMapping { Table = "jobs; DROP TABLE jobs" } };

        Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(options, EnvironmentReader.Empty, _tree.Root));
    }
}
