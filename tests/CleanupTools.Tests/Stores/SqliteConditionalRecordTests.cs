using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// SQLite keeps a value in whatever type it was written in, whatever the column declares. A record's condition
/// compares the status and completion value as read, so it matches an unchanged row of any of them, and a changed
/// one never: the same digits as text instead of an integer are another value, as the application wrote it.
/// </summary>
public sealed class SqliteConditionalRecordTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("", "'2024-01-02 03:04:05'", "'2024-01-02 03:04:06'")]
    [InlineData("TIMESTAMP", "'2024-01-02 03:04:05'", "'2024-01-02 03:04:06'")]
    [InlineData("INTEGER", "1704164645", "1704164646")]
    [InlineData("", "1704164645", "'1704164645'")]
    [InlineData("REAL", "1704164645.25", "1704164645.5")]
    [InlineData("", "x'0102'", "x'0103'")]
    public void A_record_matches_the_completion_value_as_stored_and_not_once_it_changed(string type, string stored, string changed)
    {
        var db = _tree.Path("jobs.db");
        JobsDb.Execute(db, $"CREATE TABLE jobs (id TEXT PRIMARY KEY, status TEXT, completed_at {type}); INSERT INTO jobs VALUES ('job-1', 'completed', {stored}), ('job-2', 'completed', {stored})");
        using var store = SqliteJobStore.Open(db, new JobTableMapping());
        var evaluated = store.GetJobs(new[] { "job-1", "job-2" });

        JobsDb.Execute(db, $"UPDATE jobs SET completed_at = {changed} WHERE id = 'job-2'");
        var unwritten = store.RecordCleanups(evaluated.Select(j => new JobCleanupRecord(j.Id, "2024-06-15 12:00:00", "{}") { Evaluated = JobRowState.Of(j) }).ToArray());

        Assert.Equal(new[] { "job-2" }, unwritten);
        Assert.Equal(new[] { "job-1" }, JobsDb.Rows(db, "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL").Select(r => r[0]));
    }

    [Fact]
    public void A_status_stored_as_a_number_in_a_column_without_a_type_matches_as_read()
    {
        var db = _tree.Path("jobs.db");
        JobsDb.Execute(db, "CREATE TABLE jobs (id TEXT PRIMARY KEY, status, completed_at TEXT); INSERT INTO jobs VALUES ('job-1', 3, '2024-01-02'), ('job-2', 3, '2024-01-02')");
        var mapping = new JobTableMapping { CompletedStatuses = new[] { "3" }, RunningStatuses = new[] { "1" } };
        using var store = SqliteJobStore.Open(db, mapping);
        var evaluated = store.GetJobs(new[] { "job-1", "job-2" });
        Assert.All(evaluated, j => Assert.Equal(JobStatus.Completed, j.Status));

        JobsDb.Execute(db, "UPDATE jobs SET status = 1 WHERE id = 'job-2'");
        var unwritten = store.RecordCleanups(evaluated.Select(j => new JobCleanupRecord(j.Id, "2024-06-15 12:00:00", "{}") { Evaluated = JobRowState.Of(j) }).ToArray());

        Assert.Equal(new[] { "job-2" }, unwritten);
        Assert.Equal(new[] { "job-1" }, JobsDb.Rows(db, "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL").Select(r => r[0]));
    }
}
