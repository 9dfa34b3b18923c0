using System.Globalization;
using CleanupTools.Configuration;

namespace CleanupTools.Stores.Tables;

/// <summary>
/// A stored policy's retention_seconds as the row holds it. The tool writes whole seconds, but a row edited by hand
/// (SQLite takes any value in any column) may hold text, a fraction, NaN, a negative or an enormous number: each is a
/// configuration error naming the policy and the value, raised before a run evaluates anything, never a crash.
/// </summary>
internal static class StoredRetention
{
    private static readonly long MaxSeconds = (long)SettingValueParser.MaxRetention.TotalSeconds;

    public static TimeSpan Read(string policy, object? value)
    {
        var seconds = value switch
        {
            long l => l,
            int i => i,
            short s => s,
            decimal m => Whole((double)m),
            double d => Whole(d),
            float f => Whole(f),
            string text => Parse(text),
            _ => double.NaN,
        };
        if (double.IsNaN(seconds))
            throw Refused(policy, value, "which is not a whole number of seconds");
        if (seconds < 0)
            throw Refused(policy, value, "which is negative");
        if (seconds > MaxSeconds)
            throw Refused(policy, value, $"which is longer than the {SettingValueParser.MaxRetention.TotalDays:0} days ({MaxSeconds} seconds) allowed");
        return TimeSpan.FromSeconds((long)seconds);
    }

    /// <summary>The value as a number of seconds, or NaN when it is none (text, a fraction, NaN itself).</summary>
    private static double Whole(double d) => double.IsFinite(d) && Math.Floor(d) != d ? double.NaN : d;

    private static double Parse(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Whole(d) : double.NaN;

    private static ConfigurationException Refused(string policy, object? value, string why) =>
        new($"The stored policy '{policy}' in {CleanupTablesSchema.Policies} has retention_seconds {Show(value)}, {why}; " +
            "correct or delete that row.");

    private static string Show(object? value) => value switch
    {
        null or DBNull => "NULL",
        string text => $"'{text}'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => $"'{value}'",
    };
}
