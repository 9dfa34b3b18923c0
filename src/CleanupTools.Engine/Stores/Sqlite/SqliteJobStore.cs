using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Stores.Tables;
using CleanupTools.Time;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The embedded default store: an application's SQLite jobs database (reference 000's jobs.db). Reads go
/// through a connection that refuses writes (SqliteReadConnection); a read-write one is opened, and the schema migrated, only on the first write.
/// </summary>
public sealed partial class SqliteJobStore : IJobStore
{
    private readonly string _path;
    private readonly JobTableMapping _map;
    private readonly SqliteConnection _reader;
    private SqliteConnection? _writer;
    private HashSet<string> _columns;
    private readonly List<string> _migrations = new();

    private SqliteJobStore(string path, JobTableMapping map, SqliteConnection reader, HashSet<string> columns, bool lookupOnly)
    {
        _path = path;
        _map = map;
        _reader = reader;
        _columns = columns;
        _lookupOnly = lookupOnly;
    }

    public string Description => $"SQLite {_path}";

    public IReadOnlyList<string> Migrations => _migrations;

    /// <summary>Opens an existing database; a missing file, table or required column is a configuration error.</summary>
    public static SqliteJobStore Open(string path, JobTableMapping map) => Open(path, map, lookupOnly: false);

    private static SqliteJobStore Open(string path, JobTableMapping map, bool lookupOnly)
    {
        map.Validate();
        if (!File.Exists(path))
            throw new ConfigurationException($"The job database '{path}' does not exist.");
        SqliteConnection? reader = null;
        try
        {
            if (lookupOnly)
            {
                reader = new SqliteConnection(LookupConnectionString(path));
                reader.Open();
            }
            else
            {
                reader = SqliteReadConnection.Open(path);
            }
            var columns = ReadColumns(reader, map.Table);
            if (columns.Count == 0)
                throw new ConfigurationException($"The database '{path}' has no table '{map.Table}'.");
            foreach (var (what, column) in new[] { ("id", map.IdColumn), ("status", map.StatusColumn), ("completed-at", map.CompletedAtColumn) })
            {
                if (!columns.Contains(column))
                    throw new ConfigurationException($"The table '{map.Table}' in '{path}' has no {what} column '{column}'; map it to the application's column name.");
            }
            return new SqliteJobStore(path, map, reader, columns, lookupOnly);
        }
        catch (SqliteException e)
        {
            reader?.Dispose();
            throw new ConfigurationException($"Cannot read the job database '{path}': {e.Message}", e);
        }
        catch
        {
            reader?.Dispose();
            throw;
        }
    }

    internal static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        // Pooled connections would keep the file open after the run, which the tests (and Windows) notice.
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    public long CountJobs(JobQuery query)
    {
        using var command = _reader.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Q(_map.Table)} WHERE {Q(_map.IdColumn)} IS NOT NULL{Filter(command, query)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public long CountJobsWithoutId(JobQuery query)
    {
        using var command = _reader.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Q(_map.Table)} WHERE {Q(_map.IdColumn)} IS NULL{Filter(command, query)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IEnumerable<JobRecord> StreamJobs(JobQuery query, int batchSize)
    {
        object? after = null;
        while (true)
        {
            // Each page is read completely and its reader closed before the caller acts, so writes between
            // pages never meet an open read cursor, and memory holds one page at a time.
            var page = new List<(object Key, JobRecord Job)>(batchSize);
            using (var command = PageCommand(query, after, batchSize))
            {
                using var reader = command.ExecuteReader();
                while (reader.Read()) page.Add((reader.GetValue(0), ReadJob(reader)));
            }
            foreach (var (_, job) in page) yield return job;
            if (page.Count < batchSize) yield break;
            after = page[^1].Key;
        }
    }

    /// <summary>One keyset page: rows after <paramref name="after"/> (the previous page's last id) in id order.</summary>
    internal SqliteCommand PageCommand(JobQuery query, object? after, int batchSize)
    {
        var command = _reader.CreateCommand();
        var key = Q(_map.IdColumn);
        var keyset = after is null ? "" : $" AND {key} > $after";
        if (after is not null) command.Parameters.AddWithValue("$after", after);
        // The filter is kept off the (status, completed_at) index: through it SQLite may scan and sort every
        // matching row for each page, which makes paging quadratic. The id's own index pages linearly.
        // NULL ids are left out: SQLite sorts them first, and a page ending on one would make the next keyset
        // "id > NULL", which matches nothing and ended the stream there.
        command.CommandText = $"{Select()} WHERE {key} IS NOT NULL{Filter(command, query, useIndexes: false)}{keyset} ORDER BY {key} LIMIT $limit";
        command.Parameters.AddWithValue("$limit", batchSize);
        return command;
    }

    public IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids) => GetJobs(_reader, ids);

    /// <summary>A read connection of its own (as the store's), for a run's workers; none for a store opened for lookups.</summary>
    public IJobReader? OpenJobReader() => _lookupOnly ? null : new JobReader(this, SqliteReadConnection.Open(_path));

    private List<JobRecord> GetJobs(SqliteConnection connection, IReadOnlyCollection<string> ids)
    {
        // This is the deletion-time re-read: another run may have migrated the store since it was opened, and a
        // stale column list would hide its data_cleaned_at marks.
        if (ids.Count > 0 && !_columns.Contains(_map.DataCleanedAtColumn)) _columns = ReadColumns(connection, _map.Table);
        return WhereIn(connection, _map.IdColumn, ids);
    }

    /// <summary>
    /// A worker's reader. Its one-id read (the per-job re-check) is one statement prepared once, not a query text
    /// built and compiled for every job.
    /// </summary>
    private sealed class JobReader : IJobReader
    {
        private readonly SqliteJobStore _store;
        private readonly SqliteConnection _connection;
        private SqliteCommand? _one;
        private string? _oneSelect;

        public JobReader(SqliteJobStore store, SqliteConnection connection)
        {
            _store = store;
            _connection = connection;
        }

        public IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids) =>
            ids.Count == 1 ? GetJob(ids.First()) : _store.GetJobs(_connection, ids);

        private List<JobRecord> GetJob(string id)
        {
            if (!_store._columns.Contains(_store._map.DataCleanedAtColumn)) _store._columns = ReadColumns(_connection, _store._map.Table);
            var select = _store.Select();
            if (_one is null || _oneSelect != select)
            {
                _one?.Dispose();
                _one = _connection.CreateCommand();
                // As WhereIn matches one id: its text, its integer form, its blob form (NULL, matching nothing, when it has none).
                _one.CommandText = $"{select} WHERE {Q(_store._map.IdColumn)} IN ($v, $n, $b)";
                _one.Parameters.AddWithValue("$v", DBNull.Value);
                _one.Parameters.AddWithValue("$n", DBNull.Value);
                _one.Parameters.AddWithValue("$b", DBNull.Value);
                _one.Prepare();
                _oneSelect = select;
            }
            _one.Parameters["$v"].Value = id;
            _one.Parameters["$n"].Value = SqliteKeyValues.IntegerOrNull(id);
            _one.Parameters["$b"].Value = (object?)SqliteKeyValues.AsBlob(id) ?? DBNull.Value;
            var jobs = new List<JobRecord>(1);
            using var reader = _one.ExecuteReader();
            while (reader.Read()) jobs.Add(_store.ReadJob(reader));
            return jobs;
        }

        public void Dispose()
        {
            _one?.Dispose();
            _connection.Dispose();
        }
    }

    public IReadOnlyList<JobRecord> GetJobsByUpload(IReadOnlyCollection<string> uploadNames) =>
        _columns.Contains(_map.DemFilenameColumn) ? WhereIn(_reader, _map.DemFilenameColumn, uploadNames) : Array.Empty<JobRecord>();

    public IReadOnlyCollection<string> SharedUploadNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!_columns.Contains(_map.DemFilenameColumn)) return names;
        using var command = _reader.CreateCommand();
        var dem = Q(_map.DemFilenameColumn);
        command.CommandText = $"SELECT {dem} FROM {Q(_map.Table)} WHERE {dem} IS NOT NULL AND {dem} <> '' GROUP BY {dem} HAVING COUNT(*) > 1";
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return names;
    }

    private List<JobRecord> WhereIn(SqliteConnection connection, string column, IReadOnlyCollection<string> values)
    {
        var jobs = new List<JobRecord>(values.Count);
        // In chunks: a batch may hold up to 100 000 ids, SQLite binds at most 32 766 parameters per statement.
        foreach (var chunk in values.Chunk(MaxIdsPerQuery))
        {
            using var command = connection.CreateCommand();
            var names = new List<string>();
            var i = 0;
            foreach (var value in chunk)
            {
                var name = $"$v{i}";
                names.Add(name);
                command.Parameters.AddWithValue(name, value);
                if (SqliteKeyValues.AsInteger(value) is { } number)
                {
                    names.Add($"$n{i}");
                    command.Parameters.AddWithValue($"$n{i}", number);
                }
                if (SqliteKeyValues.AsBlob(value) is { } blob)
                {
                    names.Add($"$b{i}");
                    command.Parameters.AddWithValue($"$b{i}", blob);
                }
                i++;
            }
            command.CommandText = $"{Select()} WHERE {Q(column)} IN ({string.Join(", ", names)})";
            using var reader = command.ExecuteReader();
            while (reader.Read()) jobs.Add(ReadJob(reader));
        }
        return jobs;
    }

    private const int MaxIdsPerQuery = 900;

    public IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records, IReadOnlyList<CleanupAuditEntry> audit)
    {
        var unwritten = new List<string>();
        if (records.Count == 0 && audit.Count == 0) return unwritten;
        var writer = Writer();
        using var transaction = writer.BeginTransaction();
        using var command = writer.CreateCommand();
        command.Transaction = transaction;
        // The status is compared as the text it was read as (an integer status word reads as its digits), the completion
        // value as the very value read, bound untyped so that it compares in the type the row holds it in.
        var asEvaluated = $"$unconditional OR (CAST({Q(_map.StatusColumn)} AS TEXT) IS $status AND {Q(_map.CompletedAtColumn)} IS $completed)";
        command.CommandText = $"UPDATE {Q(_map.Table)} SET {Q(_map.DataCleanedAtColumn)} = COALESCE($cleaned, {Q(_map.DataCleanedAtColumn)}), {Q(_map.CleanupSummaryColumn)} = $summary, {Q(_map.ClaimedByColumn)} = NULL, {Q(_map.ClaimedUntilColumn)} = NULL WHERE {Q(_map.IdColumn)} IN ($id, $number) AND ({asEvaluated})";
        var cleaned = command.Parameters.Add("$cleaned", SqliteType.Text);
        var summary = command.Parameters.Add("$summary", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var number = command.Parameters.Add("$number", SqliteType.Integer);
        var unconditional = command.Parameters.Add("$unconditional", SqliteType.Integer);
        var status = command.Parameters.Add("$status", SqliteType.Text);
        var completed = command.Parameters.AddWithValue("$completed", DBNull.Value);
        command.Prepare();
        foreach (var record in records)
        {
            cleaned.Value = (object?)record.DataCleanedAt ?? DBNull.Value;
            summary.Value = record.Summary;
            id.Value = record.JobId;
            number.Value = SqliteKeyValues.IntegerOrNull(record.JobId);
            unconditional.Value = record.Evaluated is null ? 1 : 0;
            status.Value = (object?)record.Evaluated?.RawStatus ?? DBNull.Value;
            completed.Value = record.Evaluated?.CompletedAt ?? DBNull.Value;
            if (command.ExecuteNonQuery() == 0) unwritten.Add(record.JobId);
        }
        AuditTable.Insert(SqliteDialect.Instance, writer, transaction, audit);
        transaction.Commit();
        return unwritten;
    }

    public IDisposable AcquireRunLock(RunHolder holder, TimeSpan wait, CancellationToken cancellation)
    {
        RefuseInLookup("take the run lock"); // the lock is a file beside the database
        var runLock = SqliteRunLock.Acquire(_path, Description, holder, wait, cancellation);
        // A run that waited may find the schema migrated by the holder it waited for (data_cleaned_at added):
        // read before, the columns would make every job already cleaned look uncleaned and be processed again.
        _columns = ReadColumns(_reader, _map.Table);
        return runLock;
    }

    public IReadOnlyList<JobRecord> ClaimJobs(string worker, IReadOnlyCollection<string> rawStatuses, string? afterId, int limit, DateTimeOffset now, DateTimeOffset until)
    {
        var writer = Writer();
        // IMMEDIATE: the writer lock is taken before the select, so no other worker can claim the same rows in between.
        using var transaction = writer.BeginTransaction(deferred: false);
        var claimable = $"{Q(_map.ClaimedByColumn)} IS NULL OR {Q(_map.ClaimedByColumn)} = $worker OR {Q(_map.ClaimedUntilColumn)} < $now";
        var ids = new List<object>();
        using (var select = writer.CreateCommand())
        {
            select.Transaction = transaction;
            var filter = Filter(select, new JobQuery(rawStatuses), useIndexes: false);
            var keyset = afterId is null ? "" : $" AND {Q(_map.IdColumn)} > $after";
            if (afterId is not null) select.Parameters.AddWithValue("$after", SqliteKeyValues.Key(afterId));
            select.Parameters.AddWithValue("$worker", worker);
            select.Parameters.AddWithValue("$now", TimestampParser.ToStoreText(now));
            select.Parameters.AddWithValue("$limit", limit);
            select.CommandText = $"SELECT DISTINCT {Q(_map.IdColumn)} FROM {Q(_map.Table)} WHERE {Q(_map.IdColumn)} IS NOT NULL AND ({claimable}){filter}{keyset} ORDER BY {Q(_map.IdColumn)} LIMIT $limit";
            using var reader = select.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetValue(0));
        }
        using (var claim = writer.CreateCommand())
        {
            claim.Transaction = transaction;
            claim.CommandText = $"UPDATE {Q(_map.Table)} SET {Q(_map.ClaimedByColumn)} = $worker, {Q(_map.ClaimedUntilColumn)} = $until WHERE {Q(_map.IdColumn)} = $id";
            claim.Parameters.AddWithValue("$worker", worker);
            claim.Parameters.AddWithValue("$until", TimestampParser.ToStoreText(until));
            // Untyped: each id goes back as the value it was read as, so a column without a type still matches it.
            var id = claim.Parameters.AddWithValue("$id", DBNull.Value);
            foreach (var value in ids)
            {
                id.Value = value;
                claim.ExecuteNonQuery();
            }
        }
        transaction.Commit();
        // Every row of a shared id comes back, in id order: the run refuses such an id, it does not pick one of its rows.
        var byId = GetJobs(ids.Select(SqliteKeyValues.Text).ToArray()).ToLookup(j => j.Id, StringComparer.Ordinal);
        return ids.Select(SqliteKeyValues.Text).Distinct(StringComparer.Ordinal).SelectMany(i => byId[i]).ToArray();
    }

    public void ReleaseClaims(string worker, IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0) return;
        var writer = Writer();
        using var transaction = writer.BeginTransaction();
        foreach (var chunk in ids.Chunk(MaxIdsPerQuery))
        {
            using var command = writer.CreateCommand();
            command.Transaction = transaction;
            var names = chunk.SelectMany((value, i) =>
            {
                command.Parameters.AddWithValue($"$v{i}", value);
                command.Parameters.AddWithValue($"$n{i}", SqliteKeyValues.IntegerOrNull(value));
                return new[] { $"$v{i}", $"$n{i}" };
            }).ToArray();
            command.Parameters.AddWithValue("$worker", worker);
            command.CommandText = $"UPDATE {Q(_map.Table)} SET {Q(_map.ClaimedByColumn)} = NULL, {Q(_map.ClaimedUntilColumn)} = NULL WHERE {Q(_map.ClaimedByColumn)} = $worker AND {Q(_map.IdColumn)} IN ({string.Join(", ", names)})";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _reader.Dispose();
    }

    public void PrepareForWrites()
    {
        SqliteConnection writer;
        try
        {
            writer = Writer();
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{e.Message} Nothing was touched.", e);
        }
        // SQLite opens a file it may not write read-only without a word, and an already migrated store gives the
        // migration nothing to write: ask the connection, then take the write lock once (BEGIN IMMEDIATE, waiting up
        // to the busy timeout for another program's write to end) and let it go.
        if (SQLitePCL.raw.sqlite3_db_readonly(writer.Handle, "main") == 1)
            throw new ConfigurationException($"The job database '{_path}' is read-only for this user (the file or its directory is not writable); nothing was touched.");
        try
        {
            using var probe = writer.BeginTransaction(deferred: false);
            probe.Rollback();
        }
        catch (SqliteException e)
        {
            throw new ConfigurationException($"Cannot write to the job database '{_path}': {e.Message}. Nothing was touched.", e);
        }
    }

    private SqliteConnection Writer()
    {
        if (_writer is not null) return _writer;
        RefuseInLookup("write");
        var writer = new SqliteConnection(ConnectionString(_path, SqliteOpenMode.ReadWrite));
        try
        {
            writer.Open();
            // Migrate against the schema as it is now, not as it was at open: a concurrent run may have migrated it.
            _migrations.AddRange(SqliteSchema.Migrate(writer, _map, ReadColumns(writer, _map.Table)));
        }
        catch (SqliteException e)
        {
            writer.Dispose();
            throw new ConfigurationException($"Cannot write to the job database '{_path}': {e.Message}", e);
        }
        _columns = ReadColumns(_reader, _map.Table);
        _writer = writer;
        return writer;
    }

    private string Select()
    {
        string Optional(string column) => _columns.Contains(column) ? Q(column) : "NULL";
        return $"SELECT {Q(_map.IdColumn)}, {Optional(_map.WorkflowTypeColumn)}, {Q(_map.StatusColumn)}, {Q(_map.CompletedAtColumn)}, {Optional(_map.DemFilenameColumn)}, {Optional(_map.DataCleanedAtColumn)} FROM {Q(_map.Table)}";
    }

    /// <summary>The SQL filter; without <paramref name="useIndexes"/>, columns get SQLite's unary + so no index serves them.</summary>
    private string Filter(SqliteCommand command, JobQuery query, bool useIndexes = true)
    {
        var sql = "";
        var plus = useIndexes ? "" : "+";
        if (!query.IncludeCleaned && _columns.Contains(_map.DataCleanedAtColumn))
            sql += $" AND {plus}{Q(_map.DataCleanedAtColumn)} IS NULL";
        if (query.RawStatuses is { } statuses)
        {
            if (statuses.Count == 0) return sql + " AND 0=1";
            var names = new List<string>();
            var i = 0;
            foreach (var status in statuses)
            {
                var name = $"$status{i++}";
                names.Add(name);
                command.Parameters.AddWithValue(name, status);
            }
            sql += $" AND {plus}{Q(_map.StatusColumn)} IN ({string.Join(", ", names)})";
        }
        return sql;
    }

    private JobRecord ReadJob(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : SqliteKeyValues.Text(reader.GetValue(i));
        var status = Text(2);
        var id = Text(0) ?? "";
        return new JobRecord(
            id,
            Text(1),
            status,
            _map.Classify(status),
            reader.IsDBNull(3) ? null : reader.GetValue(3),
            Text(4),
            Text(5))
        {
            IdProblem = reader.IsDBNull(0) || reader.GetFieldType(0) != typeof(byte[]) ? null
                : $"its id {id} is a BLOB, not text or a number, so it names no directory (results/<id>, temp/<id>) the tool could tell is this job's; nothing of it is touched. Store the id as text",
        };
    }

    internal static HashSet<string> ReadColumns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var reader = command.ExecuteReader();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    internal static string Q(string identifier) => $"\"{identifier}\"";
}
