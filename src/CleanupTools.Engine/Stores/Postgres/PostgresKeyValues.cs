using System.Globalization;

namespace CleanupTools.Stores.Postgres;

/// <summary>
/// Ids arrive as text (from the pipeline, a CSV, a previous page) and are cast to the id column's own type in SQL,
/// so the column's index serves the lookup. Text that is not a value of that type (or not its canonical
/// spelling, which is what the store reports) can match no row: it is dropped here instead of making the
/// server's cast fail the whole batch, so unknown ids stay simply absent, as in the SQLite store.
/// </summary>
internal static class PostgresKeyValues
{
    public static string[] Matchable(PostgresColumn column, IEnumerable<string> values) =>
        values.Where(v => IsMatchable(column, v)).Distinct(StringComparer.Ordinal).ToArray();

    public static bool IsMatchable(PostgresColumn column, string value) => column.Type switch
    {
        "smallint" => Integer(value, short.MinValue, short.MaxValue),
        "integer" => Integer(value, int.MinValue, int.MaxValue),
        "bigint" => Integer(value, long.MinValue, long.MaxValue),
        "uuid" => Guid.TryParseExact(value, "D", out var guid) && guid.ToString("D") == value,
        _ => !value.Contains('\0'),
    };

    private static bool Integer(string value, long min, long max) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
        && number >= min && number <= max
        && number.ToString(CultureInfo.InvariantCulture) == value;
}
