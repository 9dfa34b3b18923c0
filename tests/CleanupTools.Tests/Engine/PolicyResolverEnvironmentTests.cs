using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Tests.Engine;

/// <summary>The retention variables of both references and of the tool itself, and what a bad value does.</summary>
public sealed class PolicyResolverEnvironmentTests
{
    private static RetentionPolicySet Resolve(params (string, string?)[] env) =>
        PolicyResolver.Resolve(new CleanupOptions(), Env.Of(env), Array.Empty<StoredPolicy>());

    [Theory]
    [InlineData("EEMT_SUCCESS_RETENTION_HOURS", "24", 24)]
    [InlineData("EEMT_SUCCESS_RETENTION_HOURS", "1.5", 1.5)]
    [InlineData("EEMT_SUCCESS_RETENTION_HOURS", " 36 ", 36)]
    [InlineData("EEMT_SUCCESS_RETENTION_DAYS", "7", 168)]
    [InlineData("EEMT_SUCCESS_RETENTION_DAYS", "0.5", 12)]
    [InlineData("CLEANUPTOOLS_SUCCESS_RETENTION_HOURS", "10", 10)]
    [InlineData("CLEANUPTOOLS_SUCCESS_RETENTION_DAYS", "2", 48)]
    public void Success_retention_from_the_environment(string variable, string value, double expectedHours)
    {
        var set = Resolve((variable, value));

        Assert.Equal(TimeSpan.FromHours(expectedHours), set.Successful.Retention);
        Assert.Equal(SettingSource.Environment, set.Successful.Source);
        Assert.Equal(SettingSource.Default, set.Failed.Source);
    }

    [Theory]
    [InlineData("7", "168")]
    [InlineData("1", "24")]
    [InlineData("0.5", "12")]
    [InlineData("1.5", "36")]
    public void Days_and_hours_that_agree_are_accepted(string days, string hours)
    {
        var set = Resolve(("EEMT_SUCCESS_RETENTION_DAYS", days), ("EEMT_SUCCESS_RETENTION_HOURS", hours));

        Assert.Equal(TimeSpan.FromHours(double.Parse(hours, System.Globalization.CultureInfo.InvariantCulture)), set.Successful.Retention);
        Assert.Equal(SettingSource.Environment, set.Successful.Source);
    }

    [Fact]
    public void Days_and_hours_that_disagree_are_an_error_naming_both()
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve(("EEMT_SUCCESS_RETENTION_DAYS", "7"), ("EEMT_SUCCESS_RETENTION_HOURS", "100")));

        Assert.Contains("EEMT_SUCCESS_RETENTION_DAYS", error.Message);
        Assert.Contains("EEMT_SUCCESS_RETENTION_HOURS", error.Message);
        Assert.Contains("disagree", error.Message);
    }

    [Fact]
    public void CLEANUPTOOLS_retention_variables_beat_EEMT_ones()
    {
        var set = Resolve(
            ("EEMT_SUCCESS_RETENTION_HOURS", "20"), ("CLEANUPTOOLS_SUCCESS_RETENTION_HOURS", "10"),
            ("EEMT_FAILED_RETENTION_HOURS", "6"), ("CLEANUPTOOLS_FAILED_RETENTION_HOURS", "2"));

        Assert.Equal(TimeSpan.FromHours(10), set.Successful.Retention);
        Assert.Equal(TimeSpan.FromHours(2), set.Failed.Retention);
    }

    [Fact]
    public void CLEANUPTOOLS_days_beat_EEMT_days()
    {
        var set = Resolve(("EEMT_SUCCESS_RETENTION_DAYS", "7"), ("CLEANUPTOOLS_SUCCESS_RETENTION_DAYS", "3"));

        Assert.Equal(TimeSpan.FromDays(3), set.Successful.Retention);
    }

    [Theory]
    [InlineData("EEMT_FAILED_RETENTION_HOURS")]
    [InlineData("CLEANUPTOOLS_FAILED_RETENTION_HOURS")]
    public void Failed_retention_from_the_environment(string variable)
    {
        var set = Resolve((variable, "30"));

        Assert.Equal(TimeSpan.FromHours(30), set.Failed.Retention);
        Assert.Equal(SettingSource.Environment, set.Failed.Source);
        Assert.Equal(SettingSource.Default, set.Successful.Source);
    }

    public static IEnumerable<object[]> BadRetentions()
    {
        var variables = new[]
        {
            "EEMT_SUCCESS_RETENTION_HOURS", "CLEANUPTOOLS_SUCCESS_RETENTION_HOURS",
            "EEMT_SUCCESS_RETENTION_DAYS", "CLEANUPTOOLS_SUCCESS_RETENTION_DAYS",
            "EEMT_FAILED_RETENTION_HOURS", "CLEANUPTOOLS_FAILED_RETENTION_HOURS",
        };
        var values = new[] { "-1", "-0.5", "0", "0.0", "abc", "1e5", "1E2", "99999999999", "1,5", "12h", "7 days", "NaN", "Infinity", "0x10" };
        return variables.SelectMany(v => values.Select(x => new object[] { v, x }));
    }

    [Theory]
    [MemberData(nameof(BadRetentions))]
    public void A_bad_retention_value_throws_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve((variable, value)));

        Assert.Contains(variable, error.Message);
    }

    [Fact]
    public void A_bad_environment_value_fails_even_when_a_parameter_would_win()
    {
        var error = Assert.Throws<ConfigurationException>(() => PolicyResolver.Resolve(
            new CleanupOptions { SuccessRetention = TimeSpan.FromHours(5) },
            Env.Of(("EEMT_SUCCESS_RETENTION_HOURS", "-3")), Array.Empty<StoredPolicy>()));

        Assert.Contains("EEMT_SUCCESS_RETENTION_HOURS", error.Message);
    }

    [Fact]
    public void A_blank_variable_counts_as_unset()
    {
        var set = Resolve(("EEMT_SUCCESS_RETENTION_HOURS", " "), ("EEMT_FAILED_RETENTION_HOURS", ""));

        Assert.Equal(SettingSource.Default, set.Successful.Source);
        Assert.Equal(SettingSource.Default, set.Failed.Source);
    }
}
