using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Time;

namespace CleanupTools.Tests.Postgres;

/// <summary>Applications declare their columns as they like: ids of any type, times as timestamptz, timestamp or text.</summary>
public sealed class PostgresColumnTypeTests
{
    [PostgresTheory]
    [InlineData("timestamptz", "2024-06-15 12:00:00+00")]
    [InlineData("timestamp", "2024-06-15 12:00:00")]
    [InlineData("text", "2024-06-15 12:00:00")]
    [InlineData("varchar(40)", "2024-06-15 12:00:00")]
    public void Completion_and_cleaned_times_are_read_and_written_in_the_columns_declared_type(string type, string storedCleaned)
    {
        using var schema = new PostgresTestSchema();
        schema.Execute($"CREATE TABLE jobs (id text PRIMARY KEY, status text, completed_at {type}, data_cleaned_at {type}, cleanup_summary text)");
        schema.Execute("INSERT INTO jobs (id, status, completed_at) VALUES ('job-1', 'completed', '2024-01-02 03:04:05'), ('job-2', 'completed', NULL)");

        using (var store = PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping()))
        {
            var job = store.StreamJobs(new JobQuery(), 10).First();
            Assert.True(TimestampParser.TryParse(job.CompletedAt, out var completed), $"{type}: unreadable {job.CompletedAt}");
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), completed);

            store.RecordCleanups(new[] { new JobCleanupRecord("job-1", "2024-06-15 12:00:00", "{}") });

            Assert.Equal("2024-06-15 12:00:00", Assert.Single(store.GetJobs(new[] { "job-1" })).DataCleanedAt);
            Assert.Equal(new[] { "job-2" }, store.StreamJobs(new JobQuery(), 10).Select(j => j.Id));
        }
        // As the column holds it, rendered in UTC.
        Assert.Equal(storedCleaned, schema.Rows("SET TIME ZONE 'UTC'; SELECT data_cleaned_at::text FROM jobs WHERE id = 'job-1'").Single()[0]);
    }

    [PostgresTheory]
    [InlineData("timestamptz", "2024-01-02 03:04:05.123456+00", "2024-01-02 03:04:05.123457+00")]
    [InlineData("timestamp", "2024-01-02 03:04:05.123456", "2024-01-02 03:04:05.123457")]
    [InlineData("date", "2024-01-02", "2024-01-03")]
    [InlineData("text", "2024-01-02 03:04:05", "2024-01-02T03:04:05")]
    [InlineData("varchar(40)", "2024-01-02 03:04:05", "2024-01-02 03:04:06")]
    [InlineData("character(19)", "2024-01-02 03:04:05", "2024-01-02 03:04:06")]
    [InlineData("character(25)", "2024-01-02 03:04:05", "2024-01-02 03:04:06")]
    [InlineData("bigint", "1704164645", "1704164646")]
    public void A_record_is_conditioned_on_the_completion_value_as_read_in_the_columns_declared_type(string type, string completed, string changed)
    {
        using var schema = new PostgresTestSchema();
        schema.Execute($"CREATE TABLE jobs (id text PRIMARY KEY, status text, completed_at {type}, data_cleaned_at timestamptz, cleanup_summary text)");
        schema.Execute($"INSERT INTO jobs (id, status, completed_at) VALUES ('job-1', 'completed', @at::{type}), ('job-2', 'completed', @at::{type})", ("at", completed));
        using var store = PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping());
        var evaluated = store.GetJobs(new[] { "job-1", "job-2" });

        schema.Execute($"UPDATE jobs SET completed_at = @at::{type} WHERE id = 'job-2'", ("at", changed));
        var unwritten = store.RecordCleanups(evaluated.Select(j => new JobCleanupRecord(j.Id, "2024-06-15 12:00:00", "{}") { Evaluated = JobRowState.Of(j) }).ToArray());

        // The unchanged row matches its own value read back (no precision, zone or padding lost); the changed one does not.
        Assert.Equal(new[] { "job-2" }, unwritten);
        Assert.Equal(new[] { "job-1" }, schema.Rows("SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL").Select(r => r[0]));
    }

    [PostgresTheory]
    [InlineData("uuid", new[] { "0b9c3d4e-0000-4000-8000-000000000001", "5f0e1d2c-0000-4000-8000-000000000002", "a0000000-0000-4000-8000-000000000003" }, "A0000000-0000-4000-8000-000000000003")]
    [InlineData("bigint", new[] { "-5", "2", "10", "9000000000" }, "not-a-number")]
    [InlineData("varchar(20)", new[] { "a-1", "a-10", "a-2", "b" }, "a-1' OR '1'='1")]
    public void Ids_of_any_type_page_look_up_record_and_claim_in_the_columns_own_order(string type, string[] ids, string foreign)
    {
        using var schema = new PostgresTestSchema();
        schema.Execute($"CREATE TABLE jobs (id {type} PRIMARY KEY, status text, completed_at timestamptz)");
        foreach (var id in ids.Reverse()) schema.Execute($"INSERT INTO jobs VALUES (@id::{type}, 'completed', now())", ("id", id));
        var serverOrder = schema.Rows("SELECT id::text FROM jobs ORDER BY jobs.id").Select(r => r[0]!).ToList();

        using var store = PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping());

        Assert.Equal(serverOrder, store.StreamJobs(new JobQuery(), 2).Select(j => j.Id));
        Assert.Equal(serverOrder.Take(2).Order(StringComparer.Ordinal), store.GetJobs(new[] { serverOrder[0], serverOrder[1], foreign }).Select(j => j.Id).Order(StringComparer.Ordinal));
        store.RecordCleanups(new[] { new JobCleanupRecord(serverOrder[0], "2024-06-15 12:00:00", "{}"), new JobCleanupRecord(foreign, "2024-06-15 12:00:00", "{}") });
        Assert.Equal(1L, schema.Scalar("SELECT count(*) FROM jobs WHERE data_cleaned_at IS NOT NULL"));
        var claimed = store.ClaimJobs("w", new[] { "completed" }, serverOrder[1], 10, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(serverOrder.Skip(2), claimed.Select(j => j.Id));
    }
}
