using CleanupTools.Configuration;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>Keyset paging needs the id indexed: the first write adds an index only where none serves the id.</summary>
public sealed class IdIndexMigrationTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("CREATE TABLE runs (run_id TEXT, state TEXT, finished_at TEXT)", true)]
    [InlineData("CREATE TABLE runs (run_id TEXT PRIMARY KEY, state TEXT, finished_at TEXT)", false)]
    [InlineData("CREATE TABLE runs (run_id INTEGER PRIMARY KEY, state TEXT, finished_at TEXT)", false)]
    [InlineData("CREATE TABLE runs (run_id INTEGER, state TEXT, finished_at TEXT); CREATE INDEX mine ON runs (run_id, state)", false)]
    [InlineData("CREATE TABLE runs (run_id INTEGER, state TEXT, finished_at TEXT); CREATE INDEX mine ON runs (state, run_id)", true)]
    public void An_unindexed_id_gets_an_index_and_an_indexed_one_does_not(string schema, bool expectIndex)
    {
        var path = _tree.Path("jobs.db");
        JobsDb.Execute(path, schema);
        var mapping = new JobTableMapping { Table = "runs", IdColumn = "run_id", StatusColumn = "state", CompletedAtColumn = "finished_at" };

        using (var store = SqliteJobStore.Open(path, mapping))
        {
            store.RecordCleanups(new[] { new CleanupTools.Stores.JobCleanupRecord("none", null, "{}") });
            Assert.Equal(expectIndex, store.Migrations.Contains("created index ix_runs_run_id"));
        }
        Assert.Equal(expectIndex ? 1L : 0L, JobsDb.Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_runs_run_id'"));
    }
}
