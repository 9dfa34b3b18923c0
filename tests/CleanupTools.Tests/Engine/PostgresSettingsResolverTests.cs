using CleanupTools.Configuration;

namespace CleanupTools.Tests.Engine;

/// <summary>
/// Which store a run uses and with which connection: per part, parameter &gt; connection string &gt; PG* variable &gt;
/// default; PG* variables alone never switch stores. Resolution only: no server is contacted.
/// </summary>
public sealed class PostgresSettingsResolverTests
{
    private const string Secret = "s3cret-resolver-pw";

    private static CleanupTools.Stores.Postgres.PostgresConnectionInfo? Resolve(CleanupOptions options, params (string, string?)[] environment) =>
        PostgresSettingsResolver.Resolve(options, Env.Of(environment));

    [Fact]
    public void Without_a_connection_the_SQLite_store_is_used_even_when_PG_variables_are_set()
    {
        Assert.Null(Resolve(new CleanupOptions()));
        Assert.Null(Resolve(new CleanupOptions(), ("PGHOST", "db01"), ("PGPORT", "5432"), ("PGUSER", "u"), ("PGDATABASE", "d")));
        var settings = SettingsResolver.Resolve(new CleanupOptions { BaseDir = "/srv/eemt" }, Env.Of(("PGHOST", "db01")), "/");
        Assert.Null(settings.Postgres);
    }

    [Fact]
    public void A_connection_string_without_a_port_uses_PostgreSQLs_default_and_the_description_holds_no_password()
    {
        var info = Resolve(new CleanupOptions { ConnectionString = $"Host=db01;Database=jobs;Username=cleanup;Password={Secret}" })!;

        Assert.Equal(("db01", 5432, "jobs", "cleanup"), (info.Host, info.Port, info.Database, info.Username));
        Assert.Equal("PostgreSQL cleanup@db01:5432/jobs", info.Description);
        Assert.DoesNotContain(Secret, info.ToString());
    }

    [Fact]
    public void Reference_001s_options_alone_default_to_localhost_5433_and_the_user_as_database()
    {
        var info = Resolve(new CleanupOptions { DbUser = "dagster" })!;

        Assert.Equal(("localhost", PostgresSettingsResolver.ReferencePort, "dagster", "dagster"), (info.Host, info.Port, info.Database, info.Username));
        Assert.Equal(5433, PostgresSettingsResolver.ReferencePort);
    }

    [Fact]
    public void Each_part_takes_its_parameter_then_the_connection_string_then_the_PG_variable()
    {
        (string, string?)[] pg = { ("PGHOST", "env-host"), ("PGPORT", "6001"), ("PGDATABASE", "env-db"), ("PGUSER", "env-user") };

        var fromVariables = Resolve(new CleanupOptions { ConnectionString = "Search Path=app" }, pg)!;
        var fromString = Resolve(new CleanupOptions { ConnectionString = "Host=cs-host;Port=6002;Database=cs-db;Username=cs-user" }, pg)!;
        var fromParameters = Resolve(new CleanupOptions { ConnectionString = "Host=cs-host;Port=6002;Database=cs-db;Username=cs-user", DbHost = "p-host", DbPort = 6003, DbName = "p-db", DbUser = "p-user" }, pg)!;

        Assert.Equal(("env-host", 6001, "env-db", "env-user"), (fromVariables.Host, fromVariables.Port, fromVariables.Database, fromVariables.Username));
        Assert.Equal(("cs-host", 6002, "cs-db", "cs-user"), (fromString.Host, fromString.Port, fromString.Database, fromString.Username));
        Assert.Equal(("p-host", 6003, "p-db", "p-user"), (fromParameters.Host, fromParameters.Port, fromParameters.Database, fromParameters.Username));
    }

    [Fact]
    public void The_environment_connection_string_selects_PostgreSQL_and_parameters_override_its_parts()
    {
        var info = Resolve(new CleanupOptions { DbHost = "p-host" }, ("CLEANUPTOOLS_CONNECTION_STRING", "Host=env-host;Port=7000;Database=jobs;Username=u"))!;

        Assert.Equal(("p-host", 7000, "jobs", "u"), (info.Host, info.Port, info.Database, info.Username));
    }

    [Fact]
    public void A_parameter_SQLite_path_outranks_the_environment_connection_string()
    {
        Assert.Null(Resolve(new CleanupOptions { DbPath = "/srv/jobs.db" }, ("CLEANUPTOOLS_CONNECTION_STRING", "Host=h")));
    }

    [Fact]
    public void Two_stores_at_the_same_level_are_refused_rather_than_guessed()
    {
        var parameters = Assert.Throws<ConfigurationException>(() => Resolve(new CleanupOptions { DbPath = "/srv/jobs.db", ConnectionString = "Host=h" }));
        var environment = Assert.Throws<ConfigurationException>(() => Resolve(new CleanupOptions(), ("EEMT_DB_PATH", "/srv/jobs.db"), ("CLEANUPTOOLS_CONNECTION_STRING", "Host=h")));

        Assert.Contains("give one store", parameters.Message);
        Assert.Contains("EEMT_DB_PATH", environment.Message);
        Assert.Contains("CLEANUPTOOLS_CONNECTION_STRING", environment.Message);
    }

    [Theory]
    [InlineData("PGPORT", "not-a-port")]
    [InlineData("PGPORT", "70000")]
    public void A_bad_PG_variable_is_named_in_the_error(string name, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Resolve(new CleanupOptions { DbHost = "h" }, (name, value)));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void A_malformed_environment_connection_string_is_named_and_its_password_is_not_shown()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Resolve(new CleanupOptions(), ("CLEANUPTOOLS_CONNECTION_STRING", $"Host=h;Pasword={Secret};Port=1")));

        Assert.StartsWith("CLEANUPTOOLS_CONNECTION_STRING:", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
    }

    [Fact]
    public void A_password_parameter_is_used_but_never_described()
    {
        var info = Resolve(new CleanupOptions { DbHost = "h", DbUser = "u", DbPassword = Secret })!;

        Assert.DoesNotContain(Secret, info.Description);
        Assert.Equal("***", info.Scrub(Secret));
        Assert.Equal("login failed: ***", info.Scrub($"login failed: {Secret}"));
    }
}
