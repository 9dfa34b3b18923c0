using System.Net;
using System.Net.Sockets;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Stores.Postgres;
using CleanupTools.Tests.Contract;
using Npgsql;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// A PostgreSQL store that cannot be opened is one clear configuration error, found before anything is touched,
/// and its message never holds a password. The first tests need no server: they run everywhere.
/// </summary>
public sealed class PostgresOpenErrorTests
{
    private const string Secret = "s3cret-open-error-pw";

    [Theory]
    [InlineData("Host=127.0.0.1;Prot=5432;Password=" + Secret)]
    [InlineData("Host=127.0.0.1;Port=not-a-port;Password=" + Secret)]
    [InlineData("Password=" + Secret + ";Host=127.0.0.1;Timeout=-5")]
    [InlineData("Host=127.0.0.1;Password=\"" + Secret)]
    [InlineData("this is not a connection string " + Secret)]
    public void A_bad_connection_string_is_a_configuration_error_without_the_password(string connectionString)
    {
        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(connectionString, new JobTableMapping()));

        Assert.Contains("connection string is not valid", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
    }

    [Fact]
    public void A_server_that_is_down_is_a_configuration_error_naming_where_it_was_looked_for()
    {
        var port = FreePort();

        var error = Assert.Throws<ConfigurationException>(() =>
            PostgresJobStore.Open($"Host=127.0.0.1;Port={port};Database=jobs;Username=cleanup;Password={Secret};Timeout=5", new JobTableMapping()));

        Assert.Contains($"Cannot connect to PostgreSQL at 127.0.0.1:{port}", error.Message);
        Assert.Contains("Is the server running", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Opening_a_context_on_a_server_that_is_down_is_a_configuration_error_too()
    {
        var port = FreePort();
        using var tree = new Support.TempTree();

        var error = Assert.Throws<ConfigurationException>(() => CleanupContext.Open(
            new CleanupOptions { BaseDir = tree.Root, DbHost = "127.0.0.1", DbPort = port, DbUser = "cleanup", DbPassword = Secret },
            EnvironmentReader.Empty, TimeProvider.System, tree.Root));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
    }

    [PostgresFact]
    public void Wrong_credentials_are_a_configuration_error_that_shows_neither_password_and_change_nothing()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new Stores.JobRow("job-1", "completed", "2024-01-01 00:00:00") });
        var before = fixture.Fingerprint();
        var wrong = fixture.Schema.With(b => b.Password = Secret);

        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(wrong, new JobTableMapping()));

        Assert.Contains($"refused the login of user '{fixture.Schema.Username}'", error.Message);
        Assert.Contains("PGPASSWORD", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.DoesNotContain(fixture.Schema.Password, error.ToString());
        Assert.Equal(before, fixture.Fingerprint());
    }

    [PostgresFact]
    public void An_unknown_user_is_refused_like_a_wrong_password()
    {
        using var schema = new PostgresTestSchema();

        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(schema.With(b => b.Username = "no_such_role"), new JobTableMapping()));

        Assert.Contains("refused the login of user 'no_such_role'", error.Message);
        Assert.DoesNotContain(schema.Password, error.ToString());
    }

    [PostgresFact]
    public void A_missing_password_is_a_configuration_error_that_says_where_one_is_looked_for()
    {
        // Only meaningful when nothing else supplies one: neither this process's PGPASSWORD nor a password file.
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is not null || Environment.GetEnvironmentVariable("PGPASSFILE") is not null
            || File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pgpass")))
            return;
        using var schema = new PostgresTestSchema();

        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(schema.With(b => b.Password = null), new JobTableMapping()));

        Assert.Contains("needs a password", error.Message);
        Assert.Contains(".pgpass", error.Message);
    }

    [PostgresFact]
    public void A_missing_database_is_named()
    {
        using var schema = new PostgresTestSchema();

        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(schema.With(b => b.Database = "no_such_database"), new JobTableMapping()));

        Assert.Contains("has no database 'no_such_database'", error.Message);
        Assert.DoesNotContain(schema.Password, error.ToString());
    }

    [PostgresFact]
    public void A_missing_table_is_named_with_the_schemas_searched_and_nothing_is_created()
    {
        using var schema = new PostgresTestSchema();
        schema.Execute("CREATE TABLE tasks (id text, status text, completed_at text)");
        var before = schema.Fingerprint();

        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping()));

        Assert.Contains("has no table 'jobs'", error.Message);
        Assert.Contains(schema.Name, error.Message);
        Assert.DoesNotContain(schema.Password, error.ToString());
        Assert.Equal(before, schema.Fingerprint());
    }

    [PostgresTheory]
    [InlineData("id", "CREATE TABLE jobs (job_id text, status text, completed_at text)")]
    [InlineData("status", "CREATE TABLE jobs (id text, state text, completed_at text)")]
    [InlineData("completed_at", "CREATE TABLE jobs (id text, status text, finished_at text)")]
    public void A_missing_required_column_is_named(string column, string table)
    {
        using var schema = new PostgresTestSchema();
        schema.Execute(table);
        var before = schema.Fingerprint();

        var error = Assert.Throws<ConfigurationException>(() => PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping()));

        Assert.Contains($"column '{column}'", error.Message);
        Assert.Equal(before, schema.Fingerprint());
    }

    [PostgresFact]
    public void The_description_names_host_port_database_and_user_and_nothing_else()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(Array.Empty<Stores.JobRow>());
        var schema = fixture.Schema;

        using var store = fixture.Open();

        Assert.Equal($"PostgreSQL {schema.Username}@{schema.Host}:{schema.Port}/{schema.Database}", store.Description);
        Assert.DoesNotContain(schema.Password, store.Description);
    }

    [PostgresFact]
    public void Unquoted_names_in_the_mapping_find_the_folded_table_and_columns()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new Stores.JobRow("job-1", "completed", "2024-01-01 00:00:00") });

        using var store = fixture.Open(new JobTableMapping { Table = "Jobs", IdColumn = "ID", StatusColumn = "Status" });

        Assert.Equal("job-1", Assert.Single(store.StreamJobs(new CleanupTools.Stores.JobQuery(), 10)).Id);
    }

    /// <summary>A loopback port nothing listens on: bound once to get it from the OS, then released.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
