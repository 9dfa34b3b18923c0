using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// The SQLite store opened for lookups (tab completion) creates no file beside the database: not the run lock, and
/// for a WAL-mode database, which even a read-only open would leave -wal and -shm files beside, not those either.
/// </summary>
public sealed class SqliteJobStoreLookupTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string WalDatabase(string name = "jobs.db")
    {
        var path = JobsDb.Create(_tree.Path(name), Installation.Row("job-a", "completed", 200, null), Installation.Row("job-b", "failed", 1, null));
        JobsDb.Execute(path, "PRAGMA journal_mode = WAL");
        Assert.Empty(JobsDb.SideFiles(path)); // the last connection's close removed them
        return path;
    }

    private static string[] Beside(string path) =>
        Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void A_lookup_on_a_wal_database_nobody_has_open_creates_no_side_file()
    {
        var db = WalDatabase();
        var bytes = File.ReadAllBytes(db);

        using (var store = SqliteJobStore.OpenForLookup(db, new JobTableMapping()))
        {
            Assert.Equal(new[] { "job-b", "job-a" }, store.FindJobIds("job", 10));
            Assert.Empty(store.GetHolds());
            Assert.Empty(store.GetStoredPolicies());
        }

        Assert.Equal(new[] { "jobs.db" }, Beside(db));
        Assert.Equal(bytes, File.ReadAllBytes(db));
    }

    [Fact]
    public void An_ordinary_open_of_the_same_database_has_side_files_while_it_is_open()
    {
        // Why the lookup needs its own open: the ordinary one removes them when it closes (SqliteReadConnection),
        // but a Tab pressed while a backup copies the directory must not add files even for a moment.
        var db = WalDatabase();

        using (var store = SqliteJobStore.Open(db, new JobTableMapping()))
        {
            Assert.Equal(2, store.FindJobIds("", 10).Count);
            Assert.Contains("jobs.db-shm", Beside(db));
        }

        Assert.Equal(new[] { "jobs.db" }, Beside(db));
    }

    [Fact]
    public void A_lookup_while_the_application_has_the_wal_database_open_sees_its_committed_rows()
    {
        var db = WalDatabase();
        using var application = JobsDb.Open(db);
        using (var insert = application.CreateCommand())
        {
            insert.CommandText = "INSERT INTO jobs (id, workflow_type, status) VALUES ('job-c', 'sol', 'running')";
            insert.ExecuteNonQuery();
        }
        var sideFiles = JobsDb.SideFiles(db);
        Assert.NotEmpty(sideFiles); // the application's open: the row is in the WAL, not yet in the main file

        using (var store = SqliteJobStore.OpenForLookup(db, new JobTableMapping()))
            Assert.Equal(new[] { "job-c", "job-b", "job-a" }, store.FindJobIds("", 10));

        Assert.Equal(sideFiles, JobsDb.SideFiles(db));
    }

    [Fact]
    public void A_lookup_finds_a_database_whose_path_has_uri_characters()
    {
        // '?', '#' and '%' end or escape an SQLite URI's path; Windows allows no '?' in a file name.
        var name = OperatingSystem.IsWindows() ? "jobs #1 50%.db" : "jobs #1 ?50%.db";
        var db = WalDatabase(name);

        using (var store = SqliteJobStore.OpenForLookup(db, new JobTableMapping()))
            Assert.Equal(2, store.FindJobIds("", 10).Count);

        Assert.Equal(new[] { name }, Beside(db));
    }

    [Fact]
    public void A_store_opened_for_lookups_takes_no_run_lock_file()
    {
        var db = JobsDb.Create(_tree.Path("jobs.db"), Installation.Row("job-a", "completed", 200, null));

        using (var store = SqliteJobStore.OpenForLookup(db, new JobTableMapping()))
            Assert.Throws<InvalidOperationException>(() => store.AcquireRunLock(RunHolder.Current(TimeProvider.System), TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(new[] { "jobs.db" }, Beside(db));
    }
}
