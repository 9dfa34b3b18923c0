using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Tests.Postgres;
using CleanupTools.Tests.Stores;
using CleanupTools.Time;
using Npgsql;
using NpgsqlTypes;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// The contract's PostgreSQL side: a fresh schema on the test cluster, holding reference 000's jobs table as a
/// PostgreSQL application would declare it (timestamp columns; the tool's own columns timestamptz).
/// </summary>
public sealed class PostgresStoreFixture : StoreFixture
{
    public const string JobsTable = """
        CREATE TABLE jobs (
            id text PRIMARY KEY,
            workflow_type text NOT NULL,
            status text NOT NULL,
            created_at timestamp,
            completed_at timestamp,
            dem_filename text,
            parameters text,
            error_message text)
        """;

    public PostgresTestSchema Schema { get; } = new();

    public override void CreateJobs(IEnumerable<JobRow> rows, bool migrated = false)
    {
        Schema.Execute(JobsTable);
        if (migrated) Schema.Execute("ALTER TABLE jobs ADD COLUMN data_cleaned_at timestamptz, ADD COLUMN cleanup_summary text");
        Insert(rows, migrated);
    }

    public void Insert(IEnumerable<JobRow> rows, bool withCleaned)
    {
        using var connection = Schema.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var row in rows)
        {
            using var insert = new NpgsqlCommand(withCleaned
                ? "INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename, data_cleaned_at) VALUES (@id, @wf, @status, @completed, @dem, @cleaned)"
                : "INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES (@id, @wf, @status, @completed, @dem)", connection, transaction);
            insert.Parameters.AddWithValue("id", row.Id);
            insert.Parameters.AddWithValue("wf", row.Workflow);
            insert.Parameters.AddWithValue("status", row.Status);
            insert.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.Timestamp) { Value = WallClock(row.CompletedAt) });
            insert.Parameters.Add(new NpgsqlParameter("dem", NpgsqlDbType.Text) { Value = (object?)row.Dem ?? DBNull.Value });
            if (withCleaned) insert.Parameters.Add(new NpgsqlParameter("cleaned", NpgsqlDbType.TimestampTz) { Value = Utc(row.DataCleanedAt) });
            else if (row.DataCleanedAt is not null) throw new InvalidOperationException("The un-migrated schema has no data_cleaned_at column.");
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public override void CreateJobsWithoutIdRules(IEnumerable<JobRow> rows, int nullIds)
    {
        Schema.Execute(JobsTable.Replace("id text PRIMARY KEY", "id text", StringComparison.Ordinal));
        Insert(rows, withCleaned: false);
        for (var i = 0; i < nullIds; i++)
            Schema.Execute("INSERT INTO jobs (id, workflow_type, status, completed_at) VALUES (NULL, 'sol', 'completed', '2024-01-01 00:00:00')");
    }

    public override void CreateRuns(IEnumerable<int> ids)
    {
        Schema.Execute("CREATE TABLE runs (run_id integer PRIMARY KEY, state text, finished_at text)");
        Schema.Execute("INSERT INTO runs SELECT unnest(@ids), 'done', '2024-01-01'", ("ids", ids.ToArray()));
    }

    public override IJobStore Open(JobTableMapping? mapping = null) => PostgresJobStore.Open(Schema.ConnectionString, mapping ?? new JobTableMapping());

    public override IJobStore OpenForLookup(JobTableMapping? mapping = null) =>
        PostgresJobStore.OpenForLookup(PostgresConnectionInfo.Parse(Schema.ConnectionString), mapping ?? new JobTableMapping());

    public override void MarkCleaned(IEnumerable<string> ids, string at) =>
        Schema.Execute("UPDATE jobs SET data_cleaned_at = @at WHERE id = ANY (@ids)", ("at", Utc(at)), ("ids", ids.ToArray()));

    public override void SetStatus(string id, string status) => Schema.Execute("UPDATE jobs SET status = @status WHERE id = @id", ("status", status), ("id", id));

    public override void SetCompletedAt(string id, string? completedAt) =>
        Schema.Execute("UPDATE jobs SET completed_at = @at WHERE id = @id", ("at", WallClock(completedAt)), ("id", id));

    public override void AddDataCleanedAtColumn() => Schema.Execute("ALTER TABLE jobs ADD COLUMN data_cleaned_at timestamptz");

    public override void SetStoredRetention(string policy, string sqlValue) =>
        Schema.Execute($"UPDATE cleanup_policies SET retention_seconds = {sqlValue} WHERE name = @name", ("name", policy));

    public override void RefuseUpdatesOf(string id)
    {
        Schema.Execute("CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$");
        Schema.Execute($"CREATE TRIGGER refuse_update BEFORE UPDATE ON jobs FOR EACH ROW WHEN (NEW.id = '{id.Replace("'", "''")}') EXECUTE FUNCTION refuse_update()");
    }

    public override IReadOnlyList<StoredRow> Rows(JobTableMapping? mapping = null)
    {
        var map = mapping ?? new JobTableMapping();
        var columns = Columns(map.Table);
        string Optional(string column) => columns.Contains(column) ? $"\"{column}\"" : "NULL";
        using var connection = Schema.Open();
        using var command = new NpgsqlCommand(
            $"SELECT \"{map.IdColumn}\"::text, \"{map.StatusColumn}\", {Optional(map.DataCleanedAtColumn)}, {Optional(map.CleanupSummaryColumn)}, " +
            $"{Optional(map.ClaimedByColumn)}, {Optional(map.ClaimedUntilColumn)} FROM \"{map.Table}\" ORDER BY \"{map.Table}\".\"{map.IdColumn}\"", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredRow>();
        while (reader.Read())
        {
            rows.Add(new StoredRow(
                reader.GetString(0),
                reader.GetString(1),
                CleanedText(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Instant(reader.GetValue(5))));
        }
        return rows;
    }

    public override IReadOnlySet<string> Columns(string table) =>
        Schema.Rows("SELECT column_name FROM information_schema.columns WHERE table_schema = @s AND table_name = @t", ("s", Schema.Name), ("t", table))
            .Select(r => r[0]!).ToHashSet(StringComparer.Ordinal);

    public override bool HasIndex(string name) => HasRelation(name, "i");

    public override bool HasTable(string name) => HasRelation(name, "r");

    public override string SchemaFingerprint() => string.Join("\n", Schema.Rows("""
        SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), pg_get_indexdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = @schema ORDER BY 1, 3
        """, ("schema", Schema.Name)).Select(r => string.Join("|", r)));

    public override string Fingerprint() => Schema.Fingerprint();

    public override void Dispose() => Schema.Dispose();

    private bool HasRelation(string name, string kind) =>
        (long)Schema.Scalar("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @s AND c.relname = @n AND c.relkind = @k::\"char\"",
            ("s", Schema.Name), ("n", name), ("k", kind))! > 0;

    private static object WallClock(string? text) => text is null ? DBNull.Value : DateTime.SpecifyKind(Parse(text).UtcDateTime, DateTimeKind.Unspecified);

    private static object Utc(string? text) => text is null ? DBNull.Value : Parse(text).UtcDateTime;

    private static DateTimeOffset Parse(string text) =>
        TimestampParser.TryParseText(text, out var at) ? at : throw new ArgumentException($"'{text}' is not a time a PostgreSQL timestamp column can hold.", nameof(text));
}
