using System.Data.Common;

namespace CleanupTools.Stores.Tables;

/// <summary>
/// What differs between the stores for the tool's own tables (policies, holds, audit): types, identity columns,
/// where the tables live and how times travel. The statements themselves are written once, in the table classes.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The quoted (and for PostgreSQL schema-qualified) name of one of the tool's tables.</summary>
    public abstract string Table(string name);

    public abstract string IdentityColumn { get; }
    public abstract string TimestampType { get; }
    public abstract string BooleanType { get; }
    public abstract string BigIntType { get; }

    /// <summary>The table's columns (lower-case), or an empty set when there is no such table.</summary>
    public abstract IReadOnlySet<string> Columns(DbConnection connection, DbTransaction? transaction, string table);

    public abstract bool IndexExists(DbConnection connection, DbTransaction? transaction, string index);

    public abstract object ToDb(DateTimeOffset value);

    public abstract DateTimeOffset? TimestampFromDb(object value);

    public abstract object ToDb(bool value);

    public static string Q(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        return command;
    }

    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Times go to the tables in whole UTC seconds: SQLite's text keeps no fractions, and both stores must agree.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary>
    /// A LIKE pattern (for ESCAPE '\') matching values that start with <paramref name="prefix"/>: the prefix's own '%',
    /// '_' and '\' are escaped, so a job id such as 'run_1' completes only ids that really start with it.
    /// </summary>
    public static string LikePrefix(string prefix) =>
        prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    public static bool BooleanFromDb(object value) => value is bool b ? b : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
}
