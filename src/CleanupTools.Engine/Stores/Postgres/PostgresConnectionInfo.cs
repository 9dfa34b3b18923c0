using System.Globalization;
using System.Text.RegularExpressions;
using CleanupTools.Configuration;
using Npgsql;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// A resolved PostgreSQL connection: the full connection string (kept private, it may hold a password) and
/// the parts that may be shown. <see cref="ToString"/> and <see cref="Description"/> never contain a secret.
/// </summary>
public sealed partial class PostgresConnectionInfo
{
    private readonly string _connectionString;
    private readonly string? _password;

    private PostgresConnectionInfo(NpgsqlConnectionStringBuilder builder)
    {
        Host = builder.Host ?? "";
        Port = builder.Port;
        Database = builder.Database ?? "";
        Username = builder.Username ?? "";
        _password = builder.Password;
        _connectionString = builder.ConnectionString;
    }

    public string Host { get; }
    public int Port { get; }
    public string Database { get; }
    public string Username { get; }

    /// <summary>Host, port, database and user: what an admin needs to find the store, and nothing secret.</summary>
    public string Description => $"PostgreSQL {Username}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Database}";

    public override string ToString() => Description;

    /// <summary>
    /// Completes a builder the way libpq would (user from PGUSER, else the OS user; database named as the user) so
    /// the description names what the driver will really use, and checks it names a host.
    /// </summary>
    internal static PostgresConnectionInfo From(NpgsqlConnectionStringBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new ConfigurationException("The PostgreSQL connection names no host: give Host= in the connection string, --db-host / -DbHost, or PGHOST.");
        if (string.IsNullOrWhiteSpace(builder.Username))
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("PGUSER");
            builder.Username = string.IsNullOrWhiteSpace(fromEnvironment) ? Environment.UserName : fromEnvironment;
        }
        if (string.IsNullOrWhiteSpace(builder.Database)) builder.Database = builder.Username;
        return new PostgresConnectionInfo(builder);
    }

    /// <summary>Parses a connection string; a malformed one is a configuration error whose message holds no secret.</summary>
    public static PostgresConnectionInfo Parse(string connectionString) => From(Builder(connectionString));

    internal static NpgsqlConnectionStringBuilder Builder(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // The driver's message can quote a value; no inner exception is kept, so nothing unscrubbed travels on.
            throw new ConfigurationException($"The PostgreSQL connection string is not valid: {ScrubConnectionStringSecrets(e.Message, connectionString)}");
        }
    }

    /// <summary>A builder for one of the store's connections: never pooled, so Dispose really closes the session.</summary>
    internal NpgsqlConnectionStringBuilder NewBuilder(string? applicationName = null, bool readOnly = false)
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            // Pooled sessions would outlive the store (and its run lock's session must end with Dispose).
            Pooling = false,
            // Times without a zone (an adopted audit table's "timestamp", an application's completed_at) are then UTC
            // wall-clock times whatever the server's or the caller's default zone is, as the SQLite store writes them.
            Timezone = "UTC",
        };
        if (applicationName is not null) builder.ApplicationName = applicationName;
        else if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "cleanuptools";
        // Belt and braces for "reads never write": the server itself refuses any write on the reading session.
        if (readOnly) builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        return builder;
    }

    /// <summary>Removes this connection's password from a message (drivers and servers should never echo it; this makes sure).</summary>
    public string Scrub(string message)
    {
        if (!string.IsNullOrEmpty(_password)) message = message.Replace(_password, "***", StringComparison.Ordinal);
        return ScrubConnectionStringSecrets(message, null);
    }

    /// <summary>
    /// Blanks password values out of a message, both by key (Password=..., Pwd=...) and, when the raw connection
    /// string is known, by the literal values it assigns to those keys.
    /// </summary>
    internal static string ScrubConnectionStringSecrets(string message, string? rawConnectionString)
    {
        if (rawConnectionString is not null)
        {
            foreach (Match match in SecretPattern().Matches(rawConnectionString))
            {
                var value = match.Groups["value"].Value.Trim();
                foreach (var candidate in new[] { value, value.Trim('"', '\'') })
                {
                    if (candidate.Length > 0) message = message.Replace(candidate, "***", StringComparison.Ordinal);
                }
            }
        }
        return SecretPattern().Replace(message, m => $"{m.Groups["key"].Value}=***");
    }

    // Npgsql's keywords and synonyms for secrets: Password, PSW, PWD, SSL Password.
    [GeneratedRegex("""(?<key>(?:ssl\s*)?(?:password|psw|pwd))\s*=\s*(?<value>"(?:[^"]|"")*"?|'(?:[^']|'')*'?|[^;]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();
}
