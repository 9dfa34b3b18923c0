using CleanupTools.Tests.Cli;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// No password reaches stdout or stderr, whether the login fails or succeeds, and whichever way it was given:
/// in the connection string, as --db-password, or through PGPASSWORD or a password file as the driver reads them.
/// </summary>
public sealed class PostgresCliSecretTests
{
    private const string WrongPassword = "s3cret-wrong-cli-pw";

    private static void AssertNoSecret(CliResult result, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.Stdout);
            Assert.DoesNotContain(secret, result.Stderr);
        }
    }

    [PostgresFact]
    public void A_wrong_password_in_the_connection_string_exits_2_with_a_clear_message_and_no_password()
    {
        using var install = new PostgresCliInstallation();

        var result = install.Cli(null, ["run", "--verbose", "--connection-string", install.Schema.With(b => b.Password = WrongPassword), .. install.Roots]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("refused the login", result.Stderr);
        AssertNoSecret(result, WrongPassword, install.Schema.Password);
        Assert.Empty(install.CleanedIds());
    }

    [PostgresFact]
    public void A_wrong_db_password_exits_2_warns_about_the_process_list_and_shows_no_password()
    {
        using var install = new PostgresCliInstallation();
        var schema = install.Schema;

        var result = install.Cli(new Dictionary<string, string> { ["CLEANUPTOOLS_CONNECTION_STRING"] = $"Search Path={schema.Name}" },
            ["candidates", "--db-host", schema.Host, "--db-port", schema.Port.ToString(), "--db-name", schema.Database, "--db-user", schema.Username, "--db-password", WrongPassword, .. install.Roots]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--db-password is visible", result.Stderr);
        Assert.Contains("PGPASSWORD", result.Stderr);
        AssertNoSecret(result, WrongPassword, schema.Password);
    }

    [PostgresFact]
    public void Reference_001s_options_with_the_right_password_work_and_still_show_no_password()
    {
        using var install = new PostgresCliInstallation();
        var schema = install.Schema;

        // The schema comes from the environment's connection string; every other part from the --db-* parameters.
        var result = install.Cli(new Dictionary<string, string> { ["CLEANUPTOOLS_CONNECTION_STRING"] = $"Host=wrong-host;Port=1;Search Path={schema.Name}" },
            ["candidates", "--json", "--verbose", "--db-host", schema.Host, "--db-port", schema.Port.ToString(), "--db-name", schema.Database, "--db-user", schema.Username, "--db-password", schema.Password, .. install.Roots]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(PostgresCliInstallation.EligibleIds, result.Json().EnumerateArray().Select(c => c.GetProperty("job_id").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains("--db-password is visible", result.Stderr);
        AssertNoSecret(result, schema.Password);
    }

    [PostgresFact]
    public void PG_variables_and_PGPASSWORD_supply_whatever_the_connection_string_leaves_out()
    {
        using var install = new PostgresCliInstallation();
        var schema = install.Schema;
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = schema.Host, ["PGPORT"] = schema.Port.ToString(), ["PGDATABASE"] = schema.Database, ["PGUSER"] = schema.Username, ["PGPASSWORD"] = schema.Password,
        };

        var result = install.Cli(environment, ["candidates", "--json", "--connection-string", $"Search Path={schema.Name}", .. install.Roots]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.Json().GetArrayLength());
        AssertNoSecret(result, schema.Password);
    }

    [PostgresFact]
    public void A_password_file_named_by_PGPASSFILE_is_used()
    {
        using var install = new PostgresCliInstallation();
        var schema = install.Schema;
        var passfile = install.Tree.File("secrets/pgpass");
        File.WriteAllText(passfile, $"{schema.Host}:{schema.Port}:{schema.Database}:{schema.Username}:{schema.Password}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var withoutPassword = schema.With(b => b.Password = null);

        var denied = install.Cli(new Dictionary<string, string> { ["PGPASSFILE"] = install.Tree.Path("secrets", "none") }, ["candidates", "--json", "--connection-string", withoutPassword, .. install.Roots]);
        var allowed = install.Cli(new Dictionary<string, string> { ["PGPASSFILE"] = passfile }, ["candidates", "--json", "--connection-string", withoutPassword, .. install.Roots]);

        Assert.True(denied.ExitCode == 2, denied.ToString());
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal(3, allowed.Json().GetArrayLength());
        AssertNoSecret(allowed, schema.Password);
    }

    [PostgresFact]
    public void A_bad_db_port_is_bad_input()
    {
        using var install = new PostgresCliInstallation();

        var result = install.Cli(null, ["candidates", "--db-host", "127.0.0.1", "--db-port", "not-a-port", .. install.Roots]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--db-port", result.Stderr);
    }
}
