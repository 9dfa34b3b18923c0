using System.Data.Common;
using CleanupTools.Stores.Tables;
using CleanupTools.Time;

namespace CleanupTools.Stores.Sqlite;

/// <summary>SQLite's side of the tool's tables: text times in the application's datetime() format, 0/1 booleans.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Table(string name) => Q(name);
    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
    public override string TimestampType => "TEXT";
    public override string BooleanType => "INTEGER";
    public override string BigIntType => "INTEGER";

    public override IReadOnlySet<string> Columns(DbConnection connection, DbTransaction? transaction, string table)
    {
        using var command = Command(connection, transaction, "SELECT lower(name) FROM pragma_table_info(@table)", ("table", table));
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    public override bool IndexExists(DbConnection connection, DbTransaction? transaction, string index)
    {
        using var command = Command(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = @name", ("name", index));
        return (long)command.ExecuteScalar()! > 0;
    }

    public override object ToDb(DateTimeOffset value) => TimestampParser.ToStoreText(value);

    public override DateTimeOffset? TimestampFromDb(object value) => TimestampParser.TryParse(value, out var at) ? at : null;

    public override object ToDb(bool value) => value ? 1L : 0L;
}
