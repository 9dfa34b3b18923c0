using System.Net.Sockets;
using CleanupTools.Configuration;
using Npgsql;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// Turns what the driver throws while the store is being opened into one clear configuration error. Every
/// message is scrubbed of the password, and no inner exception is attached, so no unscrubbed text travels on.
/// </summary>
internal static class PostgresErrors
{
    public static ConfigurationException Opening(Exception error, PostgresConnectionInfo connection)
    {
        var where = $"PostgreSQL at {connection.Host}:{connection.Port}";
        var message = error switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } e =>
                $"{where} refused the login of user '{connection.Username}' to database '{connection.Database}' ({e.MessageText}). " +
                "Check the user and password (PGPASSWORD, ~/.pgpass or PGPASSFILE; --db-password or -DbCredential).",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                $"{where} has no database '{connection.Database}'.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } e =>
                $"{where}: user '{connection.Username}' may not use database '{connection.Database}' ({e.MessageText}).",
            PostgresException { SqlState: PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow } e =>
                $"{where} does not accept connections now ({e.MessageText}).",
            PostgresException e =>
                $"{where} ({connection.Description}) failed: {e.SqlState}: {e.MessageText}",
            NpgsqlException e when e.Message.Contains("password", StringComparison.OrdinalIgnoreCase) =>
                $"{where} needs a password for user '{connection.Username}' and none was usable ({e.Message}). " +
                "Set PGPASSWORD, add the server to ~/.pgpass (or PGPASSFILE), or give --db-password / -DbCredential.",
            NpgsqlException { InnerException: SocketException or TimeoutException or IOException } e =>
                $"Cannot connect to {where} ({e.InnerException!.Message}). Is the server running and accepting TCP connections there?",
            NpgsqlException e =>
                $"Cannot connect to {where}: {e.Message}",
            TimeoutException e =>
                $"Cannot connect to {where}: {e.Message}",
            _ => $"Cannot open {connection.Description}: {error.Message}",
        };
        return new ConfigurationException(connection.Scrub(message));
    }

    /// <summary>Whether an exception is one the driver or the network raises, as opposed to a bug of ours.</summary>
    public static bool IsDriverError(Exception error) =>
        error is NpgsqlException or TimeoutException or SocketException or IOException or InvalidOperationException;
}
