using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// Keyset pages must walk the id column's index: the page key is cast to the column's type, never the column to
/// the key's, which would make every page read the whole table. Asserted on the server's plan, never on time.
/// </summary>
public sealed class PostgresQueryPlanTests
{
    [PostgresTheory]
    [InlineData("integer", "2500")]
    [InlineData("text", "job-02500")]
    public void The_page_query_scans_the_id_index(string type, string after)
    {
        using var schema = new PostgresTestSchema();
        schema.Execute($"CREATE TABLE jobs (id {type} PRIMARY KEY, status text, completed_at timestamptz)");
        schema.Execute("CREATE INDEX ix_jobs_status_completed_at ON jobs (status, completed_at)");
        var idValue = type == "integer" ? "i" : "'job-' || lpad(i::text, 5, '0')";
        schema.Execute($"INSERT INTO jobs SELECT {idValue}, CASE WHEN i % 3 = 0 THEN 'failed' ELSE 'completed' END, now() FROM generate_series(1, 5000) i");
        schema.Execute("ANALYZE jobs");

        using var store = PostgresJobStore.Open(schema.ConnectionString, new JobTableMapping());
        using var page = store.PageCommand(new JobQuery(new[] { "completed", "failed" }), after, 7);
        page.CommandText = "EXPLAIN " + page.CommandText;
        var plan = new List<string>();
        using (var reader = page.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(0));

        var text = string.Join("\n", plan);
        Assert.Contains("Index Scan using jobs_pkey", text);
        Assert.DoesNotContain("Seq Scan", text);
        Assert.DoesNotContain("Sort", text);
        Assert.Equal(7, store.StreamJobs(new JobQuery(new[] { "completed", "failed" }), 7).Take(7).Count());
    }
}
