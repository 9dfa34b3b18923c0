using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>A database that cannot be the job store is a configuration error, found before anything is touched.</summary>
public sealed class SqliteJobStoreOpenErrorTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_missing_file_is_a_configuration_error_and_is_not_created()
    {
        var path = _tree.Path("missing.db");

        var error = Assert.Throws<ConfigurationException>(() => SqliteJobStore.Open(path, new JobTableMapping()));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_directory_in_place_of_the_file_is_a_configuration_error()
    {
        var path = _tree.Dir("jobs.db");

        Assert.Throws<ConfigurationException>(() => SqliteJobStore.Open(path, new JobTableMapping()));
    }

    [Fact]
    public void Opening_a_context_on_a_missing_database_is_a_configuration_error()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            CleanupContext.Open(new CleanupOptions { BaseDir = _tree.Root }, EnvironmentReader.Empty, TimeProvider.System, _tree.Root));

        Assert.Contains(_tree.Path("jobs.db"), error.Message);
        Assert.False(File.Exists(_tree.Path("jobs.db")));
    }

    [Fact]
    public void A_missing_table_is_a_configuration_error_that_names_it()
    {
        var path = _tree.Path("other.db");
        JobsDb.Execute(path, "CREATE TABLE tasks (id TEXT, status TEXT, completed_at TEXT)");
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<ConfigurationException>(() => SqliteJobStore.Open(path, new JobTableMapping()));

        Assert.Contains("no table 'jobs'", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("id", "CREATE TABLE jobs (job_id TEXT, status TEXT, completed_at TEXT)")]
    [InlineData("status", "CREATE TABLE jobs (id TEXT, state TEXT, completed_at TEXT)")]
    [InlineData("completed_at", "CREATE TABLE jobs (id TEXT, status TEXT, finished_at TEXT)")]
    public void A_missing_required_column_is_a_configuration_error_that_names_it(string column, string schema)
    {
        var path = _tree.Path("jobs.db");
        JobsDb.Execute(path, schema);

        var error = Assert.Throws<ConfigurationException>(() => SqliteJobStore.Open(path, new JobTableMapping()));

        Assert.Contains($"'{column}'", error.Message);
        Assert.Contains("column", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_a_configuration_error()
    {
        var path = _tree.Path("jobs.db");
        File.WriteAllText(path, "this is not an SQLite database, just text that is long enough to have a header.........");

        var error = Assert.Throws<ConfigurationException>(() => SqliteJobStore.Open(path, new JobTableMapping()));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void An_invalid_mapping_is_rejected_before_the_file_is_looked_at()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            SqliteJobStore.Open(_tree.Path("missing.db"), new JobTableMapping { Table = "jobs; DROP TABLE jobs" }));

        Assert.Contains("not a plain SQL identifier", error.Message);
    }

    [Fact]
    public void Optional_columns_may_be_missing()
    {
        var path = _tree.Path("jobs.db");
        JobsDb.Execute(path, "CREATE TABLE jobs (id TEXT PRIMARY KEY, status TEXT, completed_at TEXT)");
        JobsDb.Execute(path, "INSERT INTO jobs VALUES ('job-1', 'completed', '2024-01-01 00:00:00')");

        using var store = SqliteJobStore.Open(path, new JobTableMapping());
        var job = Assert.Single(store.StreamJobs(new JobQuery(), 10));

        Assert.Equal(new JobRecord("job-1", null, "completed", JobStatus.Completed, "2024-01-01 00:00:00", null, null), job);
    }
}
