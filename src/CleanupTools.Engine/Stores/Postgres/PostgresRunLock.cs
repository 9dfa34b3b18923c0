using System.Diagnostics;
using Npgsql;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// The store-wide run lock: a session-level advisory lock held on a dedicated, unpooled connection whose
/// application_name is the holder's description. The server releases it when that session ends, so a killed
/// runner never blocks the next one; others read the holder from pg_locks and pg_stat_activity. Nothing is
/// written to any table.
/// </summary>
internal sealed class PostgresRunLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private NpgsqlConnection? _connection;
    private readonly long _key;

    private PostgresRunLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    public static PostgresRunLock Acquire(PostgresConnectionInfo info, PostgresTable table, string storeDescription, RunHolder holder, TimeSpan wait, CancellationToken cancellation)
    {
        var key = PostgresSchema.Key("run", table);
        var connection = new NpgsqlConnection(info.NewBuilder(applicationName: ApplicationName(holder)).ConnectionString);
        try
        {
            connection.Open();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                if (TryLock(connection, key)) return new PostgresRunLock(connection, key);
                var left = wait - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    throw new StoreBusyException(storeDescription, Holder(connection, key), wait);
                // Polling, not a blocking pg_advisory_lock: the wait stays bounded and cancellable on our side.
                cancellation.WaitHandle.WaitOne(left < PollInterval ? left : PollInterval);
            }
        }
        catch (Exception e) when (e is not StoreBusyException and not OperationCanceledException && PostgresErrors.IsDriverError(e))
        {
            connection.Dispose();
            throw PostgresErrors.Opening(e, info);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The holder's description as the lock session's application_name. The server keeps at most 63 bytes of it,
    /// so whole trailing fields are dropped until it fits: host and pid come first and always survive.
    /// </summary>
    internal static string ApplicationName(RunHolder holder)
    {
        const int limit = 63;
        var text = holder.ToString();
        while (System.Text.Encoding.UTF8.GetByteCount(text) > limit && text.LastIndexOf(", ", StringComparison.Ordinal) is var cut and > 0)
            text = text[..cut];
        while (System.Text.Encoding.UTF8.GetByteCount(text) > limit) text = text[..^1];
        return text;
    }

    private static bool TryLock(NpgsqlConnection connection, long key)
    {
        using var command = new NpgsqlCommand("SELECT pg_catalog.pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>The holding session's application_name (the holder's own description), else what the server knows of it.</summary>
    private static string? Holder(NpgsqlConnection connection, long key)
    {
        // A bigint key is stored as classid (high 32 bits) and objid (low 32 bits) with objsubid 1.
        using var command = new NpgsqlCommand("""
            SELECT a.application_name, l.pid, a.client_addr::text
            FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
              AND l.classid::bigint = @high AND l.objid::bigint = @low
            LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        if (!reader.IsDBNull(0) && reader.GetString(0).Length > 0) return reader.GetString(0);
        return $"server process {reader.GetInt32(1)}{(reader.IsDBNull(2) ? "" : $" from {reader.GetString(2)}")}";
    }

    public void Dispose()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is null) return;
        try
        {
            // Explicit, though closing the session would release it too.
            using var command = new NpgsqlCommand("SELECT pg_catalog.pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", _key);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (PostgresErrors.IsDriverError(e))
        {
            // The session is gone already, and the server released the lock with it.
        }
        finally
        {
            connection.Dispose();
        }
    }
}
