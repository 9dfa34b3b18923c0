using System.Data.Common;
using CleanupTools.Stores.Postgres;

namespace CleanupTools.Configuration;

/// <summary>
/// Decides whether the run uses PostgreSQL and, if so, with which connection. The store is PostgreSQL when a
/// connection string (parameter or CLEANUPTOOLS_CONNECTION_STRING) or any of reference 001's --db-* options is
/// given; libpq's PG* variables only fill in parts, so a shell with PGHOST set never silently switches stores.
/// Each part: its own option &gt; the connection string's value &gt; PG* variable &gt; default.
/// </summary>
public static class PostgresSettingsResolver
{
    /// <summary>Reference 001's default port, used when its --db-* options (not a connection string) select the store.</summary>
    public const int ReferencePort = 5433;

    /// <summary>PostgreSQL's own default port, used when a connection string without Port= selects the store.</summary>
    public const int PostgresPort = 5432;

    /// <summary>Reference 001's default host, when neither an option, the connection string nor PGHOST names one.</summary>
    public const string DefaultHost = "localhost";

    /// <summary>The connection to use, or null for the SQLite store.</summary>
    public static PostgresConnectionInfo? Resolve(CleanupOptions options, EnvironmentReader environment)
    {
        var parameters = options.ConnectionString is not null || options.DbHost is not null || options.DbPort is not null
                         || options.DbName is not null || options.DbUser is not null || options.DbPassword is not null;
        var fromEnvironment = environment.First(EnvironmentVariables.ConnectionString);
        if (!parameters && fromEnvironment is null) return null;

        if (parameters && options.DbPath is not null)
            throw new ConfigurationException("Both an SQLite database (--db-path / -Store) and a PostgreSQL connection were given; give one store.");
        if (!parameters)
        {
            // A parameter outranks the environment: --db-path wins over CLEANUPTOOLS_CONNECTION_STRING.
            if (options.DbPath is not null) return null;
            if (environment.First(EnvironmentVariables.DbPath) is { } sqlite)
                throw new ConfigurationException($"{sqlite.Name} (an SQLite database) and {fromEnvironment!.Value.Name} (PostgreSQL) are both set; unset one, or choose with a parameter.");
        }

        var (raw, source) = options.ConnectionString is not null ? (options.ConnectionString, (string?)null)
            : fromEnvironment is { } found ? (found.Value, found.Name)
            : ("", null);
        var builder = Named(source, () => PostgresConnectionInfo.Builder(raw));

        builder.Host = options.DbHost ?? NonBlank(builder.Host) ?? environment.First(EnvironmentVariables.PgHost)?.Value ?? DefaultHost;
        builder.Port = options.DbPort is { } port ? SettingValueParser.ValidateRange("DbPort", port, 1, 65535)
            : Named(source, () => HasKey(raw, "port")) ? builder.Port
            : environment.First(EnvironmentVariables.PgPort) is { } pgPort ? SettingValueParser.ParseInt(pgPort.Name, pgPort.Value, 1, 65535)
            : raw.Length > 0 ? PostgresPort : ReferencePort;
        builder.Username = options.DbUser ?? NonBlank(builder.Username) ?? environment.First(EnvironmentVariables.PgUser)?.Value ?? Environment.UserName;
        builder.Database = options.DbName ?? NonBlank(builder.Database) ?? environment.First(EnvironmentVariables.PgDatabase)?.Value ?? builder.Username;
        // No password given: Npgsql itself reads PGPASSWORD, then PGPASSFILE or ~/.pgpass.
        if (options.DbPassword is not null) builder.Password = options.DbPassword;
        return PostgresConnectionInfo.From(builder);
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Whether the connection string sets a key itself (the driver's builder reports defaults as values).</summary>
    private static bool HasKey(string connectionString, string key)
    {
        if (connectionString.Length == 0) return false;
        return new DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(key);
    }

    private static T Named<T>(string? variable, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ConfigurationException e) when (variable is not null)
        {
            throw new ConfigurationException($"{variable}: {e.Message}");
        }
        catch (ArgumentException)
        {
            // Already parsed once by the driver's builder, so this cannot fail on a string that got this far.
            throw new ConfigurationException($"{variable ?? "The connection string"}: the PostgreSQL connection string is not valid.");
        }
    }
}
