using System.Globalization;
using CleanupTools.Tests.Cli;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// Reference 001's cleanup_operations.py lines against its own kind of store, PostgreSQL, with --db-host and --db-port
/// on the line as its docker example has them (the rest of the connection, e.g. the test schema, from the environment).
/// </summary>
public sealed class PostgresReferenceInvocationTests
{
    [PostgresFact]
    public void Dry_run_then_run_type_automatic_then_stats_and_config()
    {
        using var install = new PostgresCliInstallation();
        var environment = new Dictionary<string, string> { ["CLEANUPTOOLS_CONNECTION_STRING"] = install.Schema.ConnectionString };
        string[] server = ["--db-host", install.Schema.Host, "--db-port", install.Schema.Port.ToString(CultureInfo.InvariantCulture)];

        var dry = install.Cli(environment, ["--dry-run", .. server, .. install.Roots]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("[DRY RUN] Summary: Would clean 3 jobs", dry.Stdout);
        Assert.Empty(install.CleanedIds());
        foreach (var id in PostgresCliInstallation.EligibleIds) Assert.True(install.HasAnyEntry(id), id);

        var run = install.Cli(environment, ["--run", "--type", "automatic", .. server, .. install.Roots]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(PostgresCliInstallation.EligibleIds, install.CleanedIds());
        foreach (var id in PostgresCliInstallation.EligibleIds) Assert.False(install.HasAnyEntry(id), id);
        Assert.Equal(PostgresCliInstallation.EligibleIds.Length + 1L, install.Schema.Scalar("SELECT count(*) FROM cleanup_audit WHERE \"trigger\" = 'automatic'"));

        var stats = install.Cli(environment, ["--stats", .. server]);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Contains("Runs: 1", stats.Stdout);

        var config = install.Cli(environment, ["--config", .. server]);
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Contains("successful_jobs", config.Stdout);
        Assert.Contains("failed_jobs", config.Stdout);
    }
}
