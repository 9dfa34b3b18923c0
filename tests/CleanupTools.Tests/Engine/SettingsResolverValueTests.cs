using CleanupTools.Configuration;

namespace CleanupTools.Tests.Engine;

/// <summary>Dry run, batch size, workers and thresholds: parameter beats environment beats default; bad values fail loudly.</summary>
public sealed class SettingsResolverValueTests
{
    private const string Cwd = "/srv/cleanuptools-settings-test";

    private static CleanupSettings Resolve(CleanupOptions options, params (string, string?)[] env) =>
        SettingsResolver.Resolve(options, Env.Of(env), Cwd);

    private static CleanupSettings Resolve(params (string, string?)[] env) => Resolve(new CleanupOptions(), env);

    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var settings = Resolve();

        Assert.False(settings.DryRun);
        Assert.Equal(CleanupSettings.DefaultBatchSize, settings.BatchSize);
        Assert.Equal(CleanupSettings.DefaultMaxWorkers, settings.MaxWorkers);
        Assert.Equal(CleanupSettings.DefaultWarningPercent, settings.WarningPercent);
        Assert.Equal(CleanupSettings.DefaultCriticalPercent, settings.CriticalPercent);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData(" on ", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("Off", false)]
    public void EEMT_CLEANUP_DRY_RUN_sets_the_dry_run(string value, bool expected)
    {
        Assert.Equal(expected, Resolve(("EEMT_CLEANUP_DRY_RUN", value)).DryRun);
    }

    [Theory]
    [InlineData("CLEANUPTOOLS_DRY_RUN")]
    [InlineData("EEMT_DRY_RUN")]
    public void The_other_dry_run_variables_are_honoured(string variable)
    {
        Assert.True(Resolve((variable, "true")).DryRun);
    }

    [Fact]
    public void CLEANUPTOOLS_DRY_RUN_beats_EEMT_CLEANUP_DRY_RUN()
    {
        Assert.False(Resolve(("EEMT_CLEANUP_DRY_RUN", "true"), ("CLEANUPTOOLS_DRY_RUN", "false")).DryRun);
        Assert.True(Resolve(("EEMT_CLEANUP_DRY_RUN", "false"), ("CLEANUPTOOLS_DRY_RUN", "true")).DryRun);
    }

    [Fact]
    public void A_dry_run_parameter_beats_the_environment()
    {
        Assert.False(Resolve(new CleanupOptions { DryRun = false }, ("EEMT_CLEANUP_DRY_RUN", "true")).DryRun);
        Assert.True(Resolve(new CleanupOptions { DryRun = true }, ("EEMT_CLEANUP_DRY_RUN", "false")).DryRun);
    }

    [Theory]
    [InlineData("EEMT_CLEANUP_DRY_RUN", "maybe")]
    [InlineData("EEMT_CLEANUP_DRY_RUN", "2")]
    [InlineData("EEMT_CLEANUP_DRY_RUN", "y")]
    [InlineData("CLEANUPTOOLS_DRY_RUN", "truee")]
    [InlineData("EEMT_DRY_RUN", "-1")]
    public void An_invalid_dry_run_value_names_the_variable(string variable, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve((variable, value)));

        Assert.Contains(variable, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Theory]
    [InlineData("EEMT_CLEANUP_BATCH_SIZE", "250", 250)]
    [InlineData("EEMT_CLEANUP_BATCH_SIZE", "1", 1)]
    [InlineData("EEMT_CLEANUP_BATCH_SIZE", "100000", 100_000)]
    [InlineData("EEMT_CLEANUP_BATCH_SIZE", " 42 ", 42)]
    [InlineData("CLEANUPTOOLS_BATCH_SIZE", "7", 7)]
    public void The_batch_size_comes_from_the_environment(string variable, string value, int expected)
    {
        Assert.Equal(expected, Resolve((variable, value)).BatchSize);
    }

    [Fact]
    public void CLEANUPTOOLS_BATCH_SIZE_beats_EEMT_CLEANUP_BATCH_SIZE_and_a_parameter_beats_both()
    {
        Assert.Equal(11, Resolve(("EEMT_CLEANUP_BATCH_SIZE", "22"), ("CLEANUPTOOLS_BATCH_SIZE", "11")).BatchSize);
        Assert.Equal(5, Resolve(new CleanupOptions { BatchSize = 5 }, ("EEMT_CLEANUP_BATCH_SIZE", "22"), ("CLEANUPTOOLS_BATCH_SIZE", "11")).BatchSize);
    }

    public static IEnumerable<object[]> BadNumbers() =>
        new[] { "0", "-5", "abc", "1e5", "1E3", "99999999999", "100001", "2.5", "1,000", "0x10", "12 jobs", "∞" }.Select(v => new object[] { v });

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public void An_invalid_batch_size_names_the_variable(string value)
    {
        foreach (var variable in new[] { "EEMT_CLEANUP_BATCH_SIZE", "CLEANUPTOOLS_BATCH_SIZE" })
        {
            var error = Assert.Throws<ConfigurationException>(() => Resolve((variable, value)));
            Assert.Contains(variable, error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public void An_invalid_worker_count_names_the_variable(string value)
    {
        foreach (var variable in new[] { "EEMT_CLEANUP_MAX_WORKERS", "CLEANUPTOOLS_MAX_WORKERS" })
        {
            var error = Assert.Throws<ConfigurationException>(() => Resolve((variable, value)));
            Assert.Contains(variable, error.Message);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    [InlineData(int.MaxValue)]
    public void An_invalid_batch_size_parameter_is_rejected(int value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve(new CleanupOptions { BatchSize = value }));

        Assert.Contains("BatchSize", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void An_invalid_worker_count_parameter_is_rejected(int value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve(new CleanupOptions { MaxWorkers = value }));

        Assert.Contains("MaxWorkers", error.Message);
    }

    [Theory]
    [InlineData("CLEANUPTOOLS_WARNING_THRESHOLD", "0")]
    [InlineData("CLEANUPTOOLS_WARNING_THRESHOLD", "-10")]
    [InlineData("TEMP_STORAGE_CLEANUP_WARNING_THRESHOLD", "101")]
    [InlineData("TEMP_STORAGE_CLEANUP_WARNING_THRESHOLD", "8e1")]
    [InlineData("CLEANUPTOOLS_CRITICAL_THRESHOLD", "ninety")]
    [InlineData("TEMP_STORAGE_CLEANUP_EMERGENCY_CLEANUP_THRESHOLD", "NaN")]
    [InlineData("TEMP_STORAGE_CLEANUP_EMERGENCY_CLEANUP_THRESHOLD", "Infinity")]
    public void An_invalid_threshold_names_the_variable(string variable, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve((variable, value)));

        Assert.Contains(variable, error.Message);
    }

    [Fact]
    public void Thresholds_from_the_environment_apply_and_must_keep_warning_below_critical()
    {
        var settings = Resolve(("TEMP_STORAGE_CLEANUP_WARNING_THRESHOLD", "70"), ("CLEANUPTOOLS_CRITICAL_THRESHOLD", "80.5"));

        Assert.Equal(70, settings.WarningPercent);
        Assert.Equal(80.5, settings.CriticalPercent);
        Assert.Throws<ConfigurationException>(() => Resolve(("CLEANUPTOOLS_WARNING_THRESHOLD", "96")));
    }
}
