using System.Globalization;

namespace CleanupTools.Stores.Sqlite;

/// <summary>
/// A job id as SQLite compares it. A column declared with a type converts a parameter to that type (TEXT turns 1 into
/// '1', INTEGER turns '1' into 1), but a column declared without one (<c>CREATE TABLE jobs (id, ...)</c>) converts
/// nothing: the integer 1 it holds never equals the text '1' the tool reads back. So an id that spells an integer
/// exactly is also matched as that integer, which changes nothing for a typed column.
/// </summary>
internal static class SqliteKeyValues
{
    /// <summary>The integer <paramref name="id"/> spells exactly ('7', '-3'; not '07', '+7' or ' 7'), or null.</summary>
    public static long? AsInteger(string id) =>
        long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == id ? n : null;

    /// <summary>A keyset bound: an integer where the id spells one, so it orders among integer ids, not after them all.</summary>
    public static object Key(string id) => AsInteger(id) is { } n ? n : id;

    /// <summary>The integer form as a parameter value, or NULL (which matches nothing in an IN list).</summary>
    public static object IntegerOrNull(string id) => AsInteger(id) is { } n ? n : DBNull.Value;

    /// <summary>
    /// A stored value as the tool shows it. A BLOB is written as SQL's blob literal, <c>x'0a1b'</c> (lowercase hex),
    /// never as .NET's "System.Byte[]": readable, distinct for distinct blobs, and given back as an id it finds the
    /// row again (<see cref="AsBlob"/>).
    /// </summary>
    public static string Text(object value) => value is byte[] bytes
        ? $"x'{Convert.ToHexString(bytes).ToLowerInvariant()}'"
        : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The blob an id in <see cref="Text"/>'s blob form names, or null.</summary>
    public static byte[]? AsBlob(string id)
    {
        if (id.Length < 3 || id.Length % 2 == 0 || !id.StartsWith("x'", StringComparison.Ordinal) || id[^1] != '\'') return null;
        var hex = id.AsSpan(2, id.Length - 3);
        foreach (var c in hex)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return null;
        return Convert.FromHexString(hex);
    }
}
