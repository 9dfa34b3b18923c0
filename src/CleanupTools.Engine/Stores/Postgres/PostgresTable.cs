using Npgsql;

namespace CleanupTools.Stores.Postgres;

/// <summary>One column as the catalog declares it: its name and its type without modifiers (for casts).</summary>
/// <param name="Type">format_type(type, NULL): 'integer', 'character varying', 'timestamp with time zone', 'bpchar', ...</param>
/// <param name="Category">pg_type.typcategory: S string, N numeric, D date/time, U user (uuid), ...</param>
internal sealed record PostgresColumn(string Name, string Type, char Category, short Number)
{
    public bool IsDateTime => Category == 'D';
    public bool IsString => Category == 'S';
}

/// <summary>
/// The job table as the catalog describes it: found through the session's search_path like an unqualified
/// name would be, then always named schema-qualified so every statement (and the policy table beside it)
/// means the same table.
/// </summary>
internal sealed class PostgresTable
{
    private readonly Dictionary<string, PostgresColumn> _columns;

    private PostgresTable(string schema, string name, uint oid, Dictionary<string, PostgresColumn> columns)
    {
        Schema = schema;
        Name = name;
        Oid = oid;
        _columns = columns;
    }

    public string Schema { get; }
    public string Name { get; }
    public uint Oid { get; }

    /// <summary>"schema"."table", for SQL.</summary>
    public string Sql => $"{Q(Schema)}.{Q(Name)}";

    public string Qualified(string relation) => $"{Q(Schema)}.{Q(relation)}";

    /// <summary>
    /// The column for a mapped name: the exact name first, else the one unquoted SQL would have folded it to
    /// (PostgreSQL lowercases unquoted names, so a mapping of 'Status' means the column status).
    /// </summary>
    public PostgresColumn? Column(string mapped)
    {
        if (_columns.TryGetValue(mapped, out var exact)) return exact;
        return _columns.TryGetValue(mapped.ToLowerInvariant(), out var folded) ? folded : null;
    }

    public bool Has(string mapped) => Column(mapped) is not null;

    /// <summary>Finds the table, or null when no schema on the search path has it.</summary>
    public static PostgresTable? Find(NpgsqlConnection connection, string table, NpgsqlTransaction? transaction = null)
    {
        string schema, name;
        uint oid;
        using (var command = new NpgsqlCommand("""
            SELECT n.nspname, c.relname, c.oid
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (pg_catalog.current_schemas(false))
              AND (c.relname = @name OR c.relname = lower(@name))
            ORDER BY pg_catalog.array_position(pg_catalog.current_schemas(false), n.nspname), c.relname = @name DESC
            LIMIT 1
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("name", table);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            schema = reader.GetString(0);
            name = reader.GetString(1);
            oid = reader.GetFieldValue<uint>(2);
        }
        return new PostgresTable(schema, name, oid, ReadColumns(connection, oid, transaction));
    }

    /// <summary>The same table read again (after a migration, or to see another run's).</summary>
    public PostgresTable Reload(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(Schema, Name, Oid, ReadColumns(connection, Oid, transaction));

    public bool RelationExists(NpgsqlConnection connection, string relation, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("SELECT pg_catalog.to_regclass(@name) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("name", Qualified(relation));
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>Whether any index of the table starts with exactly these two columns (the application may have its own).</summary>
    public bool HasIndexOn(NpgsqlConnection connection, PostgresColumn first, PostgresColumn second, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                           WHERE i.indrelid = @oid AND i.indnkeyatts >= 2 AND i.indkey[0] = @first AND i.indkey[1] = @second)
            """, connection, transaction);
        command.Parameters.AddWithValue("oid", NpgsqlTypes.NpgsqlDbType.Oid, Oid);
        command.Parameters.AddWithValue("first", first.Number);
        command.Parameters.AddWithValue("second", second.Number);
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>Whether any index of the table has this column first, so it serves ordered scans of that column.</summary>
    public bool HasIndexLeadingWith(NpgsqlConnection connection, PostgresColumn column, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = @oid AND i.indkey[0] = @column AND i.indpred IS NULL)", connection, transaction);
        command.Parameters.AddWithValue("oid", NpgsqlTypes.NpgsqlDbType.Oid, Oid);
        command.Parameters.AddWithValue("column", column.Number);
        return (bool)command.ExecuteScalar()!;
    }

    private static Dictionary<string, PostgresColumn> ReadColumns(NpgsqlConnection connection, uint oid, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("""
            SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL), t.typcategory, a.attnum
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = @oid AND a.attnum > 0 AND NOT a.attisdropped
            """, connection, transaction);
        command.Parameters.AddWithValue("oid", NpgsqlTypes.NpgsqlDbType.Oid, oid);
        var columns = new Dictionary<string, PostgresColumn>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var column = new PostgresColumn(reader.GetString(0), reader.GetString(1), reader.GetChar(2), reader.GetInt16(3));
            columns[column.Name] = column;
        }
        return columns;
    }

    /// <summary>Quotes an identifier (names come from a validated mapping or the catalog; quotes are doubled anyway).</summary>
    public static string Q(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
