using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Tests.Contract;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// The tool's own tables on PostgreSQL: created in the jobs table's schema (never merely first on the search path),
/// with timestamptz times that mean the same instant whatever the session's time zone. Every catalog query names
/// the test's own schema: other tests make the same tables in parallel in theirs.
/// </summary>
public sealed class PostgresToolTablesTests
{
    private static readonly string[] ToolTableNames = { "cleanup_audit", "cleanup_holds", "cleanup_policies" };

    private static readonly DateTimeOffset At = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static CleanupAuditEntry Entry(string item, DateTimeOffset at) => new()
    {
        RunId = "run-1", Timestamp = at, Trigger = CleanupTrigger.Manual, TargetKind = CleanupAuditEntry.JobTarget, Target = item, JobId = item,
        Action = "DeleteData", Outcome = "Deleted", Bytes = 1,
    };

    private static CleanupHold Hold(string target, DateTimeOffset created, DateTimeOffset? expires) =>
        new() { Kind = HoldKind.Job, Target = target, Reason = "r", CreatedAt = created, ExpiresAt = expires, CreatedBy = "t" };

    private static List<string> Tables(PostgresTestSchema schema) =>
        schema.Rows("SELECT tablename FROM pg_tables WHERE schemaname = @s AND tablename LIKE 'cleanup%' ORDER BY 1", ("s", schema.Name)).Select(r => r[0]!).ToList();

    [PostgresFact]
    public void The_tools_tables_are_made_in_the_jobs_tables_schema_with_timestamptz_times_and_identity_ids()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });

        using (var store = fixture.Open())
            store.SaveHold(Hold("job-1", At, null));

        var schema = fixture.Schema;
        Assert.Equal(ToolTableNames, Tables(schema));
        var times = schema.Rows("""
            SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
            WHERE table_schema = @s AND table_name LIKE 'cleanup%' AND data_type LIKE 'timestamp%' ORDER BY 1
            """, ("s", schema.Name)).Select(r => $"{r[0]}: {r[1]}");
        Assert.Equal(new[]
        {
            "cleanup_audit.timestamp: timestamp with time zone",
            "cleanup_holds.created_at: timestamp with time zone",
            "cleanup_holds.expires_at: timestamp with time zone",
            "cleanup_policies.updated_at: timestamp with time zone",
        }, times);
        var ids = schema.Rows("""
            SELECT table_name, data_type, is_identity FROM information_schema.columns
            WHERE table_schema = @s AND table_name IN ('cleanup_audit', 'cleanup_holds') AND column_name = 'id' ORDER BY 1
            """, ("s", schema.Name)).Select(r => string.Join("|", r));
        Assert.Equal(new[] { "cleanup_audit|bigint|YES", "cleanup_holds|bigint|YES" }, ids);
        Assert.Equal(2L, schema.Scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = @s AND indexname IN ('ix_cleanup_audit_run_id', 'ix_cleanup_audit_job_id')", ("s", schema.Name)));
    }

    [PostgresFact]
    public void With_the_jobs_table_second_on_the_search_path_the_tools_tables_go_beside_it_and_the_first_schemas_are_ignored()
    {
        using var first = new PostgresTestSchema();
        using var second = new PostgresTestSchema();
        second.Execute(PostgresStoreFixture.JobsTable);
        second.Execute("INSERT INTO jobs (id, workflow_type, status, completed_at) VALUES ('job-1', 'sol', 'completed', '2024-01-01')");
        // Another tool's policy table, first on the path: an unqualified name would find (or create beside) this one.
        first.Execute("CREATE TABLE cleanup_policies (data_type text PRIMARY KEY, retention_days integer, enabled boolean)");
        var path = second.With(b => b.SearchPath = $"{first.Name},{second.Name}");

        using (var store = PostgresJobStore.Open(path, new JobTableMapping()))
        {
            Assert.Empty(store.GetStoredPolicies());
            Assert.Empty(store.GetHolds());
            Assert.Empty(store.QueryAudit(new AuditQuery()));
            store.SavePolicy(new StoredPolicy("successful_jobs", TimeSpan.FromDays(2), true, null, At, "t"));
            store.SaveHold(Hold("job-1", At, null));
            store.RecordCleanups(new[] { new JobCleanupRecord("job-1", "2024-06-15 12:00:00", "{}") }, new[] { Entry("job-1", At) });
        }

        Assert.Equal(ToolTableNames, Tables(second));
        Assert.Equal(new[] { "cleanup_policies" }, Tables(first));
        Assert.Equal(0L, first.Scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = @s AND table_name = 'cleanup_policies' AND column_name = 'name'", ("s", first.Name)));
        Assert.Equal(1L, second.Scalar("SELECT count(*) FROM cleanup_policies"));
        Assert.Equal(1L, second.Scalar("SELECT count(*) FROM cleanup_holds"));
        Assert.Equal(1L, second.Scalar("SELECT count(*) FROM cleanup_audit"));
        using var reader = PostgresJobStore.Open(path, new JobTableMapping());
        Assert.Equal("successful_jobs", Assert.Single(reader.GetStoredPolicies()).Name);
        Assert.Single(reader.GetHolds());
        Assert.Single(reader.QueryAudit(new AuditQuery()));
    }

    [PostgresFact]
    public void Times_are_the_same_instants_whatever_the_time_zone_of_the_session_that_wrote_or_reads_them()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });
        var kathmandu = fixture.Schema.With(b => b.Timezone = "Asia/Kathmandu");
        var expires = new DateTimeOffset(2024, 7, 1, 6, 30, 0, TimeSpan.FromHours(-4));
        var updated = new DateTimeOffset(2024, 6, 1, 11, 15, 30, TimeSpan.FromHours(2));

        using (var store = PostgresJobStore.Open(kathmandu, new JobTableMapping()))
        {
            store.SaveHold(Hold("job-1", At, expires));
            store.AppendAudit(new[] { Entry("job-1", At) });
            store.SavePolicy(new StoredPolicy("successful_jobs", TimeSpan.FromDays(2), true, null, updated, "t"));
        }

        string Utc(string sql) => (string)fixture.Schema.Scalar($"SELECT to_char(({sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")!;
        Assert.Equal("2024-06-15 12:00:00", Utc("SELECT created_at FROM cleanup_holds"));
        Assert.Equal("2024-07-01 10:30:00", Utc("SELECT expires_at FROM cleanup_holds"));
        Assert.Equal("2024-06-15 12:00:00", Utc("SELECT \"timestamp\" FROM cleanup_audit"));
        Assert.Equal("2024-06-01 09:15:30", Utc("SELECT updated_at FROM cleanup_policies"));

        foreach (var connection in new[] { fixture.Schema.ConnectionString, kathmandu })
        {
            using var reader = PostgresJobStore.Open(connection, new JobTableMapping());
            var hold = Assert.Single(reader.GetHolds());
            Assert.Equal((At, (DateTimeOffset?)expires), (hold.CreatedAt, hold.ExpiresAt));
            Assert.Equal(At, Assert.Single(reader.QueryAudit(new AuditQuery())).Timestamp);
            Assert.Equal(updated, Assert.Single(reader.GetStoredPolicies()).UpdatedAt);
            Assert.Single(reader.QueryAudit(new AuditQuery { Since = At, Until = At }));
            Assert.Empty(reader.QueryAudit(new AuditQuery { Since = At.AddSeconds(1) }));
            Assert.Empty(reader.QueryAudit(new AuditQuery { Until = At.AddSeconds(-1) }));
        }
    }

    [PostgresFact]
    public void Rows_the_tool_adds_to_reference_002s_timestamp_column_keep_their_instant_whatever_the_writers_time_zone()
    {
        using var fixture = new PostgresStoreFixture();
        fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });
        fixture.Schema.Execute("""
            CREATE TABLE cleanup_audit (id serial PRIMARY KEY, "timestamp" timestamp DEFAULT CURRENT_TIMESTAMP, job_id text, "action" text, space_freed_mb integer, "user" text)
            """);
        var kathmandu = fixture.Schema.With(b => b.Timezone = "Asia/Kathmandu");

        using (var store = PostgresJobStore.Open(kathmandu, new JobTableMapping()))
            store.AppendAudit(new[] { Entry("job-1", At) });

        using var reader = fixture.Open();
        Assert.Equal(At, Assert.Single(reader.QueryAudit(new AuditQuery())).Timestamp);
        // Like the jobs table's own timestamp columns: a timestamp column holds the UTC wall-clock time.
        Assert.Equal("2024-06-15 12:00:00", (string)fixture.Schema.Scalar("SELECT to_char(\"timestamp\", 'YYYY-MM-DD HH24:MI:SS') FROM cleanup_audit")!);
    }
}
