using System.Globalization;
using System.Text.RegularExpressions;
using CleanupTools.Configuration;

namespace CleanupTools.Policies.Files;

/// <summary>
/// The retention grammar of policy files.
/// <list type="bullet">
/// <item><c>retention: &lt;N&gt;&lt;unit&gt;</c>: a whole number N (at most 9 digits, no sign, no spaces) followed by
/// one unit letter, <c>d</c> (days), <c>h</c> (hours), <c>m</c> (minutes) or <c>s</c> (seconds): <c>7d</c>,
/// <c>168h</c>, <c>90m</c>. Upper-case units are accepted.</item>
/// <item><c>hours: &lt;number&gt;</c> or <c>days: &lt;number&gt;</c> (references 000/002's keys): a plain decimal
/// number, e.g. <c>hours: 12</c>, <c>days: 1.5</c>; no exponent, no unit.</item>
/// </list>
/// A policy gives exactly one of <c>retention</c>, <c>hours</c>, <c>days</c>. The result is at most
/// <see cref="SettingValueParser.MaxRetention"/> (36500 days) and never negative; zero is accepted here and refused
/// later unless mass deletion is allowed. The policy table keeps whole seconds, so a fraction of a second is an error.
/// Export writes <c>retention:</c> with the largest unit that expresses the value exactly (days, then hours, minutes,
/// seconds), so an exported file imports to the same retention.
/// </summary>
public static partial class PolicyFileRetention
{
    /// <summary>Parses <c>&lt;N&gt;&lt;unit&gt;</c>; throws a <see cref="ConfigurationException"/> whose message says what is expected (without location).</summary>
    public static TimeSpan Parse(string text)
    {
        var match = Shape().Match(text.Trim());
        if (!match.Success)
            throw new ConfigurationException(
                $"'{Printable(text)}' is not a retention: write a whole number and a unit, d (days), h (hours), m (minutes) or s (seconds), e.g. 7d or 12h.");
        var amount = long.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var seconds = char.ToLowerInvariant(match.Groups[2].Value[0]) switch
        {
            'd' => amount * 86_400,
            'h' => amount * 3_600,
            'm' => amount * 60,
            _ => amount,
        };
        if (seconds > (long)SettingValueParser.MaxRetention.TotalSeconds)
            throw new ConfigurationException($"{text.Trim()} is longer than the {SettingValueParser.MaxRetention.TotalDays:0} days allowed.");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Parses references 000/002's <c>hours:</c>/<c>days:</c> numbers (0 allowed here; the policy rules decide).</summary>
    public static TimeSpan ParseUnit(string text, bool days)
    {
        var value = days ? SettingValueParser.ParseDays("the retention", text, allowZero: true) : SettingValueParser.ParseHours("the retention", text, allowZero: true);
        var whole = TimeSpan.FromSeconds(Math.Round(value.TotalSeconds));
        if (Math.Abs((value - whole).TotalMilliseconds) >= 1)
            throw new ConfigurationException($"{text.Trim()} {(days ? "days" : "hours")} is not a whole number of seconds; retentions are kept in whole seconds.");
        return whole;
    }

    /// <summary>The shortest exact text: 7d, 12h, 90m, 45s.</summary>
    public static string Format(TimeSpan retention)
    {
        var seconds = (long)Math.Round(retention.TotalSeconds);
        if (seconds == 0) return "0d";
        if (seconds % 86_400 == 0) return FormattableString.Invariant($"{seconds / 86_400}d");
        if (seconds % 3_600 == 0) return FormattableString.Invariant($"{seconds / 3_600}h");
        if (seconds % 60 == 0) return FormattableString.Invariant($"{seconds / 60}m");
        return FormattableString.Invariant($"{seconds}s");
    }

    private static string Printable(string text) => text.Length > 40 ? text[..40] + "..." : text;

    [GeneratedRegex(@"^([0-9]{1,9})([dhmsDHMS])$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
