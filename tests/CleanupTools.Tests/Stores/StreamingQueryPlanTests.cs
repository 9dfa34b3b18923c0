using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// Paging must walk the id's index, not the (status, completed_at) index the first write creates: through that
/// index SQLite scans and sorts every matching row for each page, which makes a large store quadratic.
/// Asserted on the query plan and on what comes back, never on time.
/// </summary>
public sealed class StreamingQueryPlanTests
{
    [Fact]
    public void Keyset_pages_follow_the_id_even_after_the_status_index_exists()
    {
        using var tree = new TempTree();
        var path = tree.Path("jobs.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = JobsDb.ReferenceSchema + ";" +
                "CREATE INDEX ix_jobs_status_completed_at ON jobs (status, completed_at);" +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) " +
                "INSERT INTO jobs (id, workflow_type, status, completed_at) " +
                "SELECT printf('job-%04d', 1000 - i), 'sol', CASE i % 3 WHEN 0 THEN 'failed' ELSE 'completed' END, '2024-01-01 00:00:00' FROM n;";
            // No ANALYZE, as in a fresh application database: without statistics SQLite favours the status index.
            command.ExecuteNonQuery();
        }

        using var store = SqliteJobStore.Open(path, new JobTableMapping());
        var seen = store.StreamJobs(new JobQuery(new[] { "completed", "failed" }), batchSize: 7).Select(j => j.Id).ToList();

        Assert.Equal(500, seen.Count);
        Assert.Equal(500, seen.Distinct().Count());
        // Rows went in in descending id order; they come out in id order, page after page.
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);

        // The store's own page query, as it runs it, explained.
        using var plan = store.PageCommand(new JobQuery(new[] { "completed", "failed" }), "job-0600", 7);
        plan.CommandText = "EXPLAIN QUERY PLAN " + plan.CommandText;
        using var reader = plan.ExecuteReader();
        var details = new List<string>();
        while (reader.Read()) details.Add(reader.GetString(3));
        Assert.DoesNotContain(details, d => d.Contains("ix_jobs_status_completed_at", StringComparison.Ordinal));
        Assert.DoesNotContain(details, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
