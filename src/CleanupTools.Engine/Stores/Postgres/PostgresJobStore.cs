using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Stores.Tables;
using CleanupTools.Time;
using Npgsql;
using NpgsqlTypes;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// An application's jobs table in PostgreSQL (reference 001's database). Same contract as the SQLite store:
/// reads go through a session the server keeps read-only; a second session is opened, and the table migrated,
/// only on the first write. Ids are compared in the id column's own type (parameters are cast, never the
/// column), so the column's index serves keyset paging and lookups whatever that type is.
/// </summary>
public sealed partial class PostgresJobStore : IJobStore
{
    /// <summary>Values per array parameter: bounds one statement's size for batches of up to 100,000 ids.</summary>
    private const int MaxValuesPerStatement = 10_000;
    /// <summary>Updates per round trip inside the one RecordCleanups transaction.</summary>
    private const int UpdatesPerRoundTrip = 500;

    private readonly PostgresConnectionInfo _info;
    private readonly JobTableMapping _map;
    private readonly NpgsqlConnection _reader;
    private NpgsqlConnection? _writer;
    private PostgresTable _table;
    private readonly List<string> _migrations = new();

    private PostgresJobStore(PostgresConnectionInfo info, JobTableMapping map, NpgsqlConnection reader, PostgresTable table, bool lookupOnly)
    {
        _info = info;
        _map = map;
        _reader = reader;
        _table = table;
        _lookupOnly = lookupOnly;
    }

    public string Description => _info.Description;

    public IReadOnlyList<string> Migrations => _migrations;

    /// <summary>Opens the store behind a connection string; any problem is a configuration error without the password in it.</summary>
    public static PostgresJobStore Open(string connectionString, JobTableMapping map)
    {
        map.Validate();
        return Open(PostgresConnectionInfo.Parse(connectionString), map);
    }

    /// <summary>Connects and checks the table and its required columns; changes nothing.</summary>
    public static PostgresJobStore Open(PostgresConnectionInfo info, JobTableMapping map) => Open(info, map, lookupOnly: false);

    private static PostgresJobStore Open(PostgresConnectionInfo info, JobTableMapping map, bool lookupOnly)
    {
        map.Validate();
        var reader = new NpgsqlConnection(ReaderBuilder(info, lookupOnly).ConnectionString);
        try
        {
            reader.Open();
            var table = PostgresTable.Find(reader, map.Table)
                ?? throw new ConfigurationException($"{info.Description} has no table '{map.Table}' in the schemas on its search path ({SearchPath(reader)}).");
            foreach (var (what, column) in new[] { ("id", map.IdColumn), ("status", map.StatusColumn), ("completed-at", map.CompletedAtColumn) })
            {
                if (!table.Has(column))
                    throw new ConfigurationException($"The table '{table.Schema}.{table.Name}' in {info.Description} has no {what} column '{column}'; map it to the application's column name.");
            }
            if (!CanRead(reader, table))
                throw new ConfigurationException($"User '{info.Username}' may not read the table '{table.Schema}.{table.Name}' in {info.Description}.");
            return new PostgresJobStore(info, map, reader, table, lookupOnly);
        }
        catch (ConfigurationException)
        {
            reader.Dispose();
            throw;
        }
        catch (Exception e) when (PostgresErrors.IsDriverError(e))
        {
            reader.Dispose();
            throw PostgresErrors.Opening(e, info);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public long CountJobs(JobQuery query)
    {
        using var command = new NpgsqlCommand { Connection = _reader };
        command.CommandText = $"SELECT count(*) FROM {_table.Sql} WHERE {Q(Id.Name)} IS NOT NULL{Filter(command, query)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public long CountJobsWithoutId(JobQuery query)
    {
        using var command = new NpgsqlCommand { Connection = _reader };
        command.CommandText = $"SELECT count(*) FROM {_table.Sql} WHERE {Q(Id.Name)} IS NULL{Filter(command, query)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IEnumerable<JobRecord> StreamJobs(JobQuery query, int batchSize)
    {
        string? after = null;
        while (true)
        {
            // Each page is read completely before the caller acts, so writes between pages never meet an open cursor.
            var page = new List<JobRecord>(Math.Min(batchSize, 1024));
            using (var command = PageCommand(query, after, batchSize))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) page.Add(ReadJob(reader));
            }
            foreach (var job in page) yield return job;
            if (page.Count < batchSize) yield break;
            // The id as the server spells it (id::text), cast back to the column's type for the next page.
            after = page[^1].Id;
        }
    }

    /// <summary>One keyset page: rows after <paramref name="after"/> (the previous page's last id) in id order.</summary>
    internal NpgsqlCommand PageCommand(JobQuery query, string? after, int batchSize)
    {
        var command = new NpgsqlCommand { Connection = _reader };
        var id = Q(Id.Name);
        var keyset = "";
        if (after is not null)
        {
            keyset = $" AND {id} > @after::{Id.Type}";
            command.Parameters.AddWithValue("after", after);
        }
        command.CommandText = $"{Select()} WHERE {id} IS NOT NULL{Filter(command, query)}{keyset} ORDER BY {id} LIMIT @limit";
        command.Parameters.AddWithValue("limit", batchSize);
        return command;
    }

    public IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids)
    {
        // The deletion-time re-read: another run may have migrated the table since it was opened, and a stale
        // column list would hide its data_cleaned_at marks.
        if (ids.Count > 0 && !_table.Has(_map.DataCleanedAtColumn)) _table = _table.Reload(_reader);
        return WhereAny(Id, ids);
    }

    public IReadOnlyList<JobRecord> GetJobsByUpload(IReadOnlyCollection<string> uploadNames) =>
        _table.Column(_map.DemFilenameColumn) is { } dem ? WhereAny(dem, uploadNames) : Array.Empty<JobRecord>();

    public IReadOnlyCollection<string> SharedUploadNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (_table.Column(_map.DemFilenameColumn) is not { } dem) return names;
        var column = Q(dem.Name);
        using var command = new NpgsqlCommand($"SELECT {column}::text FROM {_table.Sql} WHERE {column} IS NOT NULL GROUP BY {column} HAVING COUNT(*) > 1", _reader);
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
        names.Remove("");
        return names;
    }

    private List<JobRecord> WhereAny(PostgresColumn column, IReadOnlyCollection<string> values)
    {
        var jobs = new List<JobRecord>(values.Count);
        foreach (var chunk in PostgresKeyValues.Matchable(column, values).Chunk(MaxValuesPerStatement))
        {
            using var command = new NpgsqlCommand($"{Select()} WHERE {Q(column.Name)} = ANY (@values::{column.Type}[])", _reader);
            command.Parameters.AddWithValue("values", chunk);
            using var reader = command.ExecuteReader();
            while (reader.Read()) jobs.Add(ReadJob(reader));
        }
        return jobs;
    }

    public IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records, IReadOnlyList<CleanupAuditEntry> audit)
    {
        // An id that is no value of the id column's type can match no row, exactly like an unknown id.
        var unwritten = records.Where(r => !PostgresKeyValues.IsMatchable(Id, r.JobId)).Select(r => r.JobId).ToList();
        if (records.Count == 0 && audit.Count == 0) return unwritten;
        var writer = Writer();
        var cleaned = Column(_map.DataCleanedAtColumn);
        var summary = Column(_map.CleanupSummaryColumn);
        var update = $"""
            UPDATE {_table.Sql} SET {Q(cleaned.Name)} = COALESCE(@cleaned::{cleaned.Type}, {Q(cleaned.Name)}),
                {Q(summary.Name)} = @summary::{summary.Type},
                {Q(Column(_map.ClaimedByColumn).Name)} = NULL, {Q(Column(_map.ClaimedUntilColumn).Name)} = NULL
            WHERE {Q(Id.Name)} = @id::{Id.Type}
            """;
        // Evaluated by the server on the row's newest version (an UPDATE waits for, then re-checks, a row another
        // session is changing), so a row set back to running in the meantime is left as the application wrote it.
        var asEvaluated = $"{update} AND {Q(Column(_map.StatusColumn).Name)}::text IS NOT DISTINCT FROM @status AND {CompletedAsRead()}";
        using var transaction = writer.BeginTransaction();
        foreach (var chunk in records.Where(r => PostgresKeyValues.IsMatchable(Id, r.JobId)).Chunk(UpdatesPerRoundTrip))
        {
            using var batch = new NpgsqlBatch(writer, transaction);
            foreach (var record in chunk)
            {
                var command = new NpgsqlBatchCommand(record.Evaluated is null ? update : asEvaluated);
                command.Parameters.Add(CleanedAt(cleaned, record.DataCleanedAt));
                command.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Text) { Value = record.Summary });
                command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = record.JobId });
                if (record.Evaluated is { } evaluated)
                {
                    command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)evaluated.RawStatus ?? DBNull.Value });
                    command.Parameters.Add(CompletedAt(evaluated.CompletedAt));
                }
                batch.BatchCommands.Add(command);
            }
            batch.ExecuteNonQuery();
            unwritten.AddRange(chunk.Where((_, i) => batch.BatchCommands[i].RecordsAffected == 0).Select(r => r.JobId));
        }
        AuditTable.Insert(Dialect, writer, transaction, audit);
        transaction.Commit();
        return unwritten;
    }

    /// <summary>
    /// The condition that the completion column still holds the value read (see <see cref="Columns"/>): a timestamp or
    /// date compared natively with the value the driver produced, anything else as text (what a string column holds,
    /// or the text the value was read as). A blank-padded character(n) value was read with its padding, which its
    /// text form drops: the value read goes through bpchar the same way (the type without its length, which a cast
    /// to 'character' would cut to one character).
    /// </summary>
    private string CompletedAsRead()
    {
        var column = Column(_map.CompletedAtColumn);
        var name = Q(column.Name);
        // Cast: a value that is not the DateTime the driver reads such a column as goes in as its text (never an error).
        if (TimeType(column) is not null) return $"{name} IS NOT DISTINCT FROM @completed::{column.Type}";
        return column.Type is "character" or "bpchar"
            ? $"{name}::text IS NOT DISTINCT FROM @completed::bpchar::text"
            : $"{name}::text IS NOT DISTINCT FROM @completed";
    }

    /// <summary>The parameter <see cref="CompletedAsRead"/> compares with, typed as the column's value was read.</summary>
    private NpgsqlParameter CompletedAt(object? value)
    {
        var column = Column(_map.CompletedAtColumn);
        if (TimeType(column) is { } type && value is DateTime or null or DBNull)
        {
            // Npgsql reads a timestamptz as a UTC DateTime and takes only a UTC one back; the others carry no zone.
            var time = value is DateTime at ? DateTime.SpecifyKind(at, type == NpgsqlDbType.TimestampTz ? DateTimeKind.Utc : DateTimeKind.Unspecified) : (object)DBNull.Value;
            return new NpgsqlParameter("completed", type) { Value = time };
        }
        return new NpgsqlParameter("completed", NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : Convert.ToString(value, CultureInfo.InvariantCulture)! };
    }

    /// <summary>The driver type of a completion column read natively as a time (<see cref="Columns"/>), or null.</summary>
    private static NpgsqlDbType? TimeType(PostgresColumn column) => column.Type switch
    {
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "timestamp without time zone" => NpgsqlDbType.Timestamp,
        "date" => NpgsqlDbType.Date,
        _ => null,
    };

    /// <summary>
    /// The cleaned-at value in the column's declared type: a timestamptz gets the UTC instant, a timestamp the UTC
    /// wall-clock time (as SQLite's datetime('now') would write it), and anything else the store text itself.
    /// </summary>
    private static NpgsqlParameter CleanedAt(PostgresColumn column, string? text)
    {
        var (type, isTime) = column.Type switch
        {
            "timestamp with time zone" => (NpgsqlDbType.TimestampTz, true),
            "timestamp without time zone" => (NpgsqlDbType.Timestamp, true),
            _ => (NpgsqlDbType.Text, false),
        };
        object value = DBNull.Value;
        if (text is not null && isTime)
        {
            if (!TimestampParser.TryParseText(text, out var at))
                throw new ArgumentException($"'{text}' is not a time the store can record.", nameof(text));
            value = type == NpgsqlDbType.TimestampTz ? at.UtcDateTime : DateTime.SpecifyKind(at.UtcDateTime, DateTimeKind.Unspecified);
        }
        else if (text is not null)
        {
            value = text;
        }
        return new NpgsqlParameter("cleaned", type) { Value = value };
    }

    public IDisposable AcquireRunLock(RunHolder holder, TimeSpan wait, CancellationToken cancellation)
    {
        RefuseInLookup("take the run lock");
        return PostgresRunLock.Acquire(_info, _table, Description, holder, wait, cancellation);
    }

    public IReadOnlyList<JobRecord> ClaimJobs(string worker, IReadOnlyCollection<string> rawStatuses, string? afterId, int limit, DateTimeOffset now, DateTimeOffset until)
    {
        var writer = Writer();
        if (limit <= 0 || rawStatuses.Count == 0) return Array.Empty<JobRecord>();
        if (afterId is not null && !PostgresKeyValues.IsMatchable(Id, afterId))
            throw new ArgumentException($"'{afterId}' is not a value of the id column's type ({Id.Type}).", nameof(afterId));
        var id = Q(Id.Name);
        var by = Q(Column(_map.ClaimedByColumn).Name);
        var claimedUntil = Q(Column(_map.ClaimedUntilColumn).Name);
        var status = Column(_map.StatusColumn);
        var keyset = afterId is null ? "" : $" AND {id} > @after::{Id.Type}";
        // SKIP LOCKED: rows another worker is claiming this instant are left to it rather than waited for; rows it
        // has claimed already are excluded by the claim test, re-checked by the server on the row's newest version.
        using var command = new NpgsqlCommand($"""
            WITH claimed AS (
                UPDATE {_table.Sql} SET {by} = @worker, {claimedUntil} = @until
                WHERE {id} IN (
                    SELECT {id} FROM {_table.Sql}
                    WHERE {id} IS NOT NULL AND {Q(status.Name)} = ANY (@statuses::{status.Type}[])
                      AND {Q(Column(_map.DataCleanedAtColumn).Name)} IS NULL
                      AND ({by} IS NULL OR {by} = @worker OR {claimedUntil} IS NULL OR {claimedUntil} <= @now){keyset}
                    ORDER BY {id}
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING {Columns()}, {id} AS claim_key)
            SELECT * FROM claimed ORDER BY claim_key
            """, writer);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("statuses", rawStatuses.ToArray());
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = until.UtcDateTime });
        if (afterId is not null) command.Parameters.AddWithValue("after", afterId);
        var jobs = new List<JobRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) jobs.Add(ReadJob(reader));
        return jobs;
    }

    public void ReleaseClaims(string worker, IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0) return;
        var writer = Writer();
        var by = Q(Column(_map.ClaimedByColumn).Name);
        foreach (var chunk in PostgresKeyValues.Matchable(Id, ids).Chunk(MaxValuesPerStatement))
        {
            using var command = new NpgsqlCommand(
                $"UPDATE {_table.Sql} SET {by} = NULL, {Q(Column(_map.ClaimedUntilColumn).Name)} = NULL WHERE {by} = @worker AND {Q(Id.Name)} = ANY (@ids::{Id.Type}[])",
                writer);
            command.Parameters.AddWithValue("worker", worker);
            command.Parameters.AddWithValue("ids", chunk);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _reader.Dispose();
    }

    public void PrepareForWrites()
    {
        NpgsqlConnection writer;
        try
        {
            writer = Writer();
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{e.Message} Nothing was touched.", e);
        }
        // The table's owner may have migrated it long ago: the login that runs now must still be able to mark its rows,
        // in a session that takes writes (not a read-only standby or a default_transaction_read_only role).
        using var command = new NpgsqlCommand(
            "SELECT current_setting('transaction_read_only') = 'off', has_table_privilege(@table, 'UPDATE')", writer);
        command.Parameters.AddWithValue("table", _table.Sql);
        try
        {
            using var reader = command.ExecuteReader();
            reader.Read();
            if (!reader.GetBoolean(0))
                throw new ConfigurationException($"{Description} is read-only in this session (a standby, or a read-only role); nothing was touched.");
            if (!reader.GetBoolean(1))
                throw new ConfigurationException($"This login may not update the table {_table.Name} in {Description}, so the run could not record what it deletes; nothing was touched.");
        }
        catch (Exception e) when (PostgresErrors.IsDriverError(e))
        {
            throw new ConfigurationException(_info.Scrub($"Cannot write to {Description}: {e.Message}. Nothing was touched."));
        }
    }

    private NpgsqlConnection Writer()
    {
        if (_writer is not null) return _writer;
        RefuseInLookup("write");
        var writer = new NpgsqlConnection(_info.NewBuilder().ConnectionString);
        try
        {
            writer.Open();
            // Against the table as it is now, not as it was at open: a concurrent run may have migrated it.
            _migrations.AddRange(PostgresSchema.Migrate(writer, _table, _map));
            _table = _table.Reload(writer);
        }
        catch (Exception e) when (PostgresErrors.IsDriverError(e))
        {
            writer.Dispose();
            var reason = e is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : e.Message;
            throw new ConfigurationException(_info.Scrub($"Cannot write to {Description} (the first write adds the cleanup columns, index and policy table, which needs the table's owner): {reason}"));
        }
        _writer = writer;
        return writer;
    }

    private PostgresColumn Id => Column(_map.IdColumn);

    private PostgresColumn Column(string mapped) =>
        _table.Column(mapped) ?? throw new InvalidOperationException($"The table '{_table.Name}' has no column '{mapped}'.");

    private string Select() => $"SELECT {Columns()} FROM {_table.Sql}";

    /// <summary>
    /// The JobRecord columns. Names are read as text; completion and cleaned times are read natively when they are
    /// timestamps, dates or text (the evaluator parses each), and as text otherwise, so that no other type (a time
    /// of day, a number) can ever be mistaken for a completion date.
    /// </summary>
    private string Columns()
    {
        string Text(string mapped) => _table.Column(mapped) is { } c ? $"{Q(c.Name)}::text" : "NULL::text";
        string Time(string mapped) => _table.Column(mapped) switch
        {
            null => "NULL::text",
            { Type: "timestamp with time zone" or "timestamp without time zone" or "date" } c => Q(c.Name),
            { IsString: true } c => Q(c.Name),
            var c => $"{Q(c.Name)}::text",
        };
        // Aliased: an output column keeping the id's own name would capture ORDER BY id, sorting integer ids as text.
        return $"{Text(_map.IdColumn)} AS job_id, {Text(_map.WorkflowTypeColumn)} AS job_workflow_type, {Text(_map.StatusColumn)} AS job_status, " +
               $"{Time(_map.CompletedAtColumn)} AS job_completed_at, {Text(_map.DemFilenameColumn)} AS job_dem_filename, {Time(_map.DataCleanedAtColumn)} AS job_data_cleaned_at";
    }

    private string Filter(NpgsqlCommand command, JobQuery query)
    {
        var sql = "";
        if (!query.IncludeCleaned && _table.Column(_map.DataCleanedAtColumn) is { } cleaned)
            sql += $" AND {Q(cleaned.Name)} IS NULL";
        if (query.RawStatuses is { } statuses)
        {
            if (statuses.Count == 0) return sql + " AND false";
            var status = Column(_map.StatusColumn);
            sql += $" AND {Q(status.Name)} = ANY (@statuses::{status.Type}[])";
            command.Parameters.AddWithValue("statuses", statuses.ToArray());
        }
        return sql;
    }

    private JobRecord ReadJob(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var cleaned = reader.IsDBNull(5) ? null : reader.GetValue(5) switch
        {
            string text => text,
            var value when TimestampParser.TryParse(value, out var at) => TimestampParser.ToStoreText(at),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        var status = Text(2);
        return new JobRecord(
            Text(0) ?? "",
            Text(1),
            status,
            _map.Classify(status),
            reader.IsDBNull(3) ? null : reader.GetValue(3),
            Text(4),
            cleaned);
    }

    private static bool CanRead(NpgsqlConnection connection, PostgresTable table)
    {
        using var command = new NpgsqlCommand("SELECT pg_catalog.has_table_privilege(@oid, 'SELECT')", connection);
        command.Parameters.AddWithValue("oid", NpgsqlDbType.Oid, table.Oid);
        return (bool)command.ExecuteScalar()!;
    }

    private static string SearchPath(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT pg_catalog.array_to_string(pg_catalog.current_schemas(false), ', ')", connection);
        return command.ExecuteScalar() as string is { Length: > 0 } path ? path : "none";
    }

    private static string Q(string identifier) => PostgresTable.Q(identifier);
}
