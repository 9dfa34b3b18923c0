using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Stores.Sqlite;

namespace CleanupTools.Tests.Cli;

/// <summary>A hand-edited stored policy the tool cannot read stops a real run before it touches anything: exit 2 and a message, no stack trace.</summary>
public sealed class CorruptPolicyCliTests
{
    [Theory]
    [InlineData("'abc'", "'abc'")]
    [InlineData("1e300", "1E+300")]
    public void A_run_with_an_unreadable_stored_retention_exits_2_naming_the_policy_and_the_value_and_touches_nothing(string sqlValue, string shown)
    {
        using var install = new DemoInstallation();
        using (var store = SqliteJobStore.Open(install.DbPath, new JobTableMapping()))
            store.SavePolicy(new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromDays(1), true, null, DateTimeOffset.UtcNow, "alice"));
        install.Execute($"UPDATE cleanup_policies SET retention_seconds = {sqlValue}");
        var before = install.Snapshot();

        var run = install.Cli("run", "--json", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"'{PolicyNames.FailedJobs}'", run.Stderr);
        Assert.Contains($"retention_seconds {shown},", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal(before, install.Snapshot());
    }
}
