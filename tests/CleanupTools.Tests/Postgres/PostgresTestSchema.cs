using System.Globalization;
using Npgsql;
using Xunit.Sdk;

namespace CleanupTools.Tests.Postgres;

/// <summary>
/// A fresh schema on the test cluster for one test, first on the search path of the connection string the store
/// gets, so tests run in parallel without seeing each other's tables. Dropped with everything in it at the end.
/// </summary>
public sealed class PostgresTestSchema : IDisposable
{
    private readonly string _server;

    public PostgresTestSchema()
    {
        _server = TestCluster.RequireConnectionString();
        Name = "t_" + Guid.NewGuid().ToString("N")[..20];
        var builder = new NpgsqlConnectionStringBuilder(_server) { SearchPath = Name, Pooling = false };
        ConnectionString = builder.ConnectionString;
        Host = builder.Host!;
        Port = builder.Port;
        Database = builder.Database!;
        Username = builder.Username!;
        Password = builder.Password!;
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA \"{Name}\"", connection);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new XunitException($"Cannot reach the PostgreSQL test server named by {TestCluster.Variable} ({Host}:{Port}): {e.Message}. Start it with `{TestCluster.HowToStart}`.");
        }
    }

    public string Name { get; }
    /// <summary>The test server's connection string with this schema as the search path (and its password).</summary>
    public string ConnectionString { get; }
    public string Host { get; }
    public int Port { get; }
    public string Database { get; }
    public string Username { get; }
    public string Password { get; }

    /// <summary>The same server and schema with other credentials or settings.</summary>
    public string With(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>Every row of a query, each column as text (NULL as null).</summary>
    public List<string?[]> Rows(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Everything a write could change in this schema: each relation with its columns, types and indexes, and every
    /// row of every table with its xmin (which any UPDATE changes, even one that writes the same values back).
    /// </summary>
    public string Fingerprint()
    {
        var parts = new List<string>();
        parts.AddRange(Rows("""
            SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = @schema ORDER BY 1, 3
            """, ("schema", Name)).Select(r => string.Join("|", r)));
        foreach (var table in Rows("SELECT tablename FROM pg_tables WHERE schemaname = @schema ORDER BY 1", ("schema", Name)).Select(r => r[0]!))
            parts.AddRange(Rows($"SELECT xmin::text, t::text FROM \"{Name}\".\"{table}\" t ORDER BY 2").Select(r => $"{table}: {r[0]} {r[1]}"));
        return string.Join("\n", parts);
    }

    public void Dispose()
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE", connection);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The cluster is thrown away after the run; a schema left behind costs nothing.
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
