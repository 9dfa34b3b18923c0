using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>Reads never change the application's database: same bytes, no side files, no migration.</summary>
public sealed class SqliteJobStoreReadOnlyTests : IDisposable
{
    private readonly Installation _installation = new();

    public void Dispose() => _installation.Dispose();

    private string Db => _installation.DbPath;

    [Fact]
    public void Every_read_on_an_unmigrated_database_leaves_its_bytes_identical()
    {
        var before = File.ReadAllBytes(Db);
        var modified = File.GetLastWriteTimeUtc(Db);

        using (var store = SqliteJobStore.Open(Db, new JobTableMapping()))
        {
            Assert.Equal(8, store.CountJobs(new JobQuery()));
            Assert.Equal(8, store.StreamJobs(new JobQuery(), 3).Count());
            Assert.Equal(4, store.StreamJobs(new JobQuery(new[] { "completed" }, IncludeCleaned: true), 2).Count());
            Assert.Equal(2, store.GetJobs(new[] { "job-a", "job-c", "nope" }).Count);
            Assert.Empty(store.GetStoredPolicies());
            Assert.Empty(store.Migrations);
            Assert.Empty(JobsDb.SideFiles(Db));
        }

        Assert.Equal(before, File.ReadAllBytes(Db));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(Db));
        Assert.Empty(JobsDb.SideFiles(Db));
        Assert.DoesNotContain("data_cleaned_at", JobsDb.Columns(Db, "jobs"));
    }

    [Fact]
    public void Opening_a_context_previewing_and_measuring_leave_the_database_identical()
    {
        var before = File.ReadAllBytes(Db);

        using (var context = _installation.Open())
        {
            var candidates = CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, new RecordingHost()).ToList();
            var stats = StorageStatReport.Build(context, new RecordingHost());
            Assert.Equal(8, candidates.Count);
            Assert.Equal(3, stats.Count);
        }

        Assert.Equal(before, File.ReadAllBytes(Db));
        Assert.Empty(JobsDb.SideFiles(Db));
    }
}
