using System.Globalization;

namespace CleanupTools.Time;

/// <summary>
/// Reads completion times as applications store them: SQLite's 'YYYY-MM-DD HH:MM:SS', ISO 8601 with 'T',
/// with or without fractions and offsets. Values without an offset are UTC, as SQLite's datetime('now')
/// writes them. Anything else is rejected, never guessed: a wrong guess deletes the wrong data.
/// </summary>
public static class TimestampParser
{
    private static readonly string[] Formats = BuildFormats();

    public static bool TryParse(object? value, out DateTimeOffset result)
    {
        switch (value)
        {
            case DateTimeOffset offset:
                result = offset.ToUniversalTime();
                return true;
            case DateTime dateTime:
                result = dateTime.Kind switch
                {
                    DateTimeKind.Local => new DateTimeOffset(dateTime).ToUniversalTime(),
                    _ => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
                };
                return true;
            case string text:
                return TryParseText(text, out result);
            default:
                result = default;
                return false;
        }
    }

    public static bool TryParseText(string text, out DateTimeOffset result)
    {
        if (DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out result))
            return true;
        result = default;
        return false;
    }

    /// <summary>Formats a time the way SQLite's datetime() does, so tool-written values sort with the application's.</summary>
    public static string ToStoreText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string[] BuildFormats()
    {
        var formats = new List<string> { "yyyy-MM-dd" };
        foreach (var separator in new[] { " ", "'T'" })
        {
            foreach (var time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.f", "HH:mm:ss.ff", "HH:mm:ss.fff", "HH:mm:ss.ffff", "HH:mm:ss.fffff", "HH:mm:ss.ffffff", "HH:mm:ss.fffffff" })
            {
                foreach (var zone in new[] { "", "Z", "zzz", " zzz", "zz" })
                    formats.Add($"yyyy-MM-dd{separator}{time}{(zone == "Z" ? "'Z'" : zone)}");
            }
        }
        return formats.ToArray();
    }
}
