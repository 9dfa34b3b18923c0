using Microsoft.Data.Sqlite;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// The store's read connection, opened so that reading leaves the database's directory as it was found: a dry
/// run, a preview or a report on a WAL-mode database neither leaves -wal and -shm files behind nor removes the
/// application's.
/// </summary>
/// <remarks>
/// Why not simply Mode=ReadOnly: reading a WAL-mode database creates its -wal and -shm files, and only the last
/// connection to close removes them, after a checkpoint that needs the database's write lock; a read-only
/// connection cannot take it, so it leaves both behind. Why not immutable=1 (as the tab-completion lookup does when
/// nobody has the file open): it reads without locks and ignores the WAL, so an application that opens the database
/// and writes during a run would go unseen, and its checkpoint could change pages under the reader.
/// So the connection is read-write at the file level, ordinary in its locking (it sees every committed write of the
/// application, WAL or not), and refuses writes at the SQL level (query_only). How it closes depends on what it
/// found: with no side files beside the database, its close is SQLite's ordinary last close (checkpoint, with
/// nothing of ours to copy, and delete -wal and -shm), which removes what the open created; if the application
/// still has the database open then, the files are the application's and stay. With side files already there (an
/// application has the database open, or closed it with a persistent WAL, or crashed), the close skips the
/// checkpoint (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE), which also keeps SQLite from deleting them: they stay as found,
/// and the main file is not written. A database file this user may not write is opened read-only by SQLite; such a
/// reader cannot remove side files it created, as before.
/// </remarks>
internal static class SqliteReadConnection
{
    public static SqliteConnection Open(string path)
    {
        var sideFilesFound = File.Exists(path + "-wal") || File.Exists(path + "-shm");
        var connection = new SqliteConnection(SqliteJobStore.ConnectionString(path, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA query_only = ON";
                command.ExecuteNonQuery();
            }
            if (sideFilesFound)
            {
                var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
