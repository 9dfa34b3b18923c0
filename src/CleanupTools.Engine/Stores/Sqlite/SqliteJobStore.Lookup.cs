using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Stores.Tables;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The store opened for lookups (tab completion): reads only, and not a file created or changed beside the
/// database, so that pressing Tab can never alter what an admin later compares, backs up or migrates.
/// </summary>
public sealed partial class SqliteJobStore
{
    private readonly bool _lookupOnly;

    /// <summary>
    /// Opens an existing database for lookups only: every write and the run lock (a file) are refused. A database
    /// in WAL mode that no connection has open is read as immutable, because even a read-only open of it creates
    /// -wal and -shm files beside it and leaves them there.
    /// </summary>
    public static SqliteJobStore OpenForLookup(string path, JobTableMapping map) => Open(path, map, lookupOnly: true);

    public IReadOnlyList<string> FindJobIds(string prefix, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var ids = new List<string>();
        if (limit == 0) return ids;
        using var command = _reader.CreateCommand();
        var key = Q(_map.IdColumn);
        // Down the id column's order (its index, where it has one) until the limit: a common prefix reads one page,
        // not the table. CAST: an INTEGER id column is matched on its digits.
        command.CommandText = $"SELECT {key} FROM {Q(_map.Table)} WHERE {key} IS NOT NULL AND CAST({key} AS TEXT) LIKE $prefix ESCAPE '\\' ORDER BY {key} DESC LIMIT $limit";
        command.Parameters.AddWithValue("$prefix", SqlDialect.LikePrefix(prefix));
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(SqliteKeyValues.Text(reader.GetValue(0)));
        return ids;
    }

    private void RefuseInLookup(string what)
    {
        if (_lookupOnly) throw new InvalidOperationException($"{Description} was opened for lookups only; it may not {what}.");
    }

    private static string LookupConnectionString(string path)
    {
        // An -shm file exists while any connection has a WAL database open: then a read-only open adds nothing.
        if (!IsWalDatabase(path) || File.Exists(path + "-shm")) return ConnectionString(path, SqliteOpenMode.ReadOnly);
        // Nobody has it open, so nobody is writing it: immutable reads the main file as it is, with no locks and no
        // side files. A -wal left by a crash is not read; a lookup may then miss its last changes, which is harmless.
        return ConnectionString($"{FileUri(path)}?immutable=1", SqliteOpenMode.ReadOnly);
    }

    /// <summary>The header's read and write versions (bytes 18 and 19) are 2 in WAL mode, 1 in rollback-journal mode.</summary>
    private static bool IsWalDatabase(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[20];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return false;
            return header[..16].SequenceEqual("SQLite format 3\0"u8) && header[18] == 2 && header[19] == 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the ordinary open then reports why the file cannot be read
        }
    }

    /// <summary>An SQLite URI filename: only '%', '?' and '#' are special in its path part.</summary>
    private static string FileUri(string path)
    {
        var escaped = path.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        if (Path.DirectorySeparatorChar == '\\') escaped = "/" + escaped.Replace('\\', '/');
        return "file:" + escaped;
    }
}
