using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Engine;

/// <summary>The tool's own variables win over the references' as a group, and relative values follow the caller's location.</summary>
public sealed class EnvironmentPrecedenceTests
{
    [Fact]
    public void CLEANUPTOOLS_hours_win_over_a_disagreeing_EEMT_days_value()
    {
        var set = PolicyResolver.Resolve(new CleanupOptions(),
            Env.Of(("CLEANUPTOOLS_SUCCESS_RETENTION_HOURS", "10"), ("EEMT_SUCCESS_RETENTION_DAYS", "7")),
            Array.Empty<StoredPolicy>());

        Assert.Equal(TimeSpan.FromHours(10), set.Successful.Retention);
        Assert.Equal(SettingSource.Environment, set.Successful.Source);
    }

    [Fact]
    public void A_disagreeing_pair_within_the_CLEANUPTOOLS_names_is_still_an_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => PolicyResolver.Resolve(new CleanupOptions(),
            Env.Of(("CLEANUPTOOLS_SUCCESS_RETENTION_HOURS", "10"), ("CLEANUPTOOLS_SUCCESS_RETENTION_DAYS", "7")),
            Array.Empty<StoredPolicy>()));

        Assert.Contains("disagree", error.Message);
    }

    [Fact]
    public void Relative_paths_from_the_environment_resolve_against_the_callers_location_not_the_process_directory()
    {
        using var tree = new TempTree();
        var location = tree.Dir("ps-location");

        var settings = SettingsResolver.Resolve(new CleanupOptions(),
            Env.Of(("EEMT_RESULTS_DIR", "out/results"), ("EEMT_BASE_DIR", "base")), location);

        Assert.Equal(Path.Combine(location, "out", "results"), settings.Results.Path);
        Assert.Equal(Path.Combine(location, "base", "uploads"), settings.Uploads.Path);
        Assert.Equal(Path.Combine(location, "base", "jobs.db"), settings.DbPath);
    }

    [Fact]
    public void Relative_parameters_resolve_against_the_callers_location()
    {
        using var tree = new TempTree();
        var location = tree.Dir("ps-location");

        var settings = SettingsResolver.Resolve(new CleanupOptions { BaseDir = "site", TempDir = "scratch" }, EnvironmentReader.Empty, location);

        Assert.Equal(Path.Combine(location, "site", "results"), settings.Results.Path);
        Assert.Equal(Path.Combine(location, "scratch"), settings.Temp.Path);
    }
}
