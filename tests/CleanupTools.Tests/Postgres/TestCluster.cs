using Xunit.Sdk;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests run against: the throwaway cluster of scripts/pg-test-cluster.sh, named by
/// CLEANUPTOOLS_TEST_PG. Under CI (CI=true) or CLEANUPTOOLS_REQUIRE_PG=1 a missing or unreachable server fails
/// every PostgreSQL test; elsewhere, with no server configured, they are reported as skipped with the command
/// that starts one, so a fresh clone's `dotnet test` passes without PostgreSQL but never hides that they did not run.
/// </summary>
public static class TestCluster
{
    public const string Variable = "CLEANUPTOOLS_TEST_PG";
    public const string HowToStart = "scripts/pg-test-cluster.sh start && eval \"$(scripts/pg-test-cluster.sh env)\"";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Whether PostgreSQL tests must run (and fail without a server) rather than be skipped.</summary>
    public static bool Required =>
        IsTrue(Environment.GetEnvironmentVariable("CLEANUPTOOLS_REQUIRE_PG")) || IsTrue(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason => ConnectionString is null && !Required
        ? $"PostgreSQL tests not run: no test server. Run `{HowToStart}` from the repository root, then run the tests again (CI sets CLEANUPTOOLS_REQUIRE_PG=1, where they fail instead)."
        : null;

    /// <summary>The configured server's connection string; a failure (not a skip) when it is required but absent.</summary>
    public static string RequireConnectionString() => ConnectionString
        ?? throw new XunitException($"PostgreSQL tests are required here (CI or CLEANUPTOOLS_REQUIRE_PG=1) but {Variable} is not set. Run `{HowToStart}` first.");

    private static bool IsTrue(string? value) => value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A fact that needs the PostgreSQL test server: skipped (with the reason) only where it is not required.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestCluster.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A theory that needs the PostgreSQL test server: skipped (with the reason) only where it is not required.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestCluster.SkipReason is { } reason) Skip = reason;
    }
}
