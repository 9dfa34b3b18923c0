using System.Globalization;

namespace CleanupTools.Configuration;

/// <summary>
/// Parses setting values that arrive as text (environment variables, CLI options) with messages that name
/// the setting, so a typo in a cron job's environment fails loudly instead of becoming a default.
/// </summary>
public static class SettingValueParser
{
    /// <summary>About a century: anything longer is a typo, and TimeSpan arithmetic stays far from overflow.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(36_500);

    /// <param name="allowZero">A policy change may ask for zero (the mass-deletion guard decides); a run's override may not.</param>
    public static TimeSpan ParseHours(string name, string text, bool allowZero = false) => Retention(name, ParseNumber(name, text), 1, "hours", allowZero);

    public static TimeSpan ParseDays(string name, string text, bool allowZero = false) => Retention(name, ParseNumber(name, text), 24, "days", allowZero);

    /// <summary>Validates a retention given directly (parameters); zero would delete every job the moment it ends.</summary>
    public static TimeSpan ValidateRetention(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            throw new ConfigurationException($"{name} must be greater than zero (got {value}); a zero retention would delete every job as soon as it ends.");
        if (value > MaxRetention)
            throw new ConfigurationException($"{name} of {value.TotalDays:0.##} days is longer than the {MaxRetention.TotalDays:0} days allowed.");
        return value;
    }

    public static int ParseInt(string name, string text, int min, int max)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new ConfigurationException($"{name} must be a whole number from {min} to {max} (got '{text}').");
        return ValidateRange(name, value, min, max);
    }

    public static int ValidateRange(string name, int value, int min, int max)
    {
        if (value < min || value > max)
            throw new ConfigurationException($"{name} must be from {min} to {max} (got {value}).");
        return value;
    }

    public static double ParsePercent(string name, string text)
    {
        var value = ParseNumber(name, text);
        if (value <= 0 || value > 100)
            throw new ConfigurationException($"{name} must be a percentage above 0 and at most 100 (got '{text}').");
        return value;
    }

    public static bool ParseBool(string name, string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "1": case "true": case "yes": case "on": return true;
            case "0": case "false": case "no": case "off": return false;
            default: throw new ConfigurationException($"{name} must be true or false (got '{text}').");
        }
    }

    private static double ParseNumber(string name, string text)
    {
        // Plain decimals only: exponents and thousands separators in a retention are far more likely typos than intent.
        if (!double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
            throw new ConfigurationException($"{name} must be a number (got '{text}').");
        return value;
    }

    private static TimeSpan Retention(string name, double amount, double hoursPerUnit, string unit, bool allowZero = false)
    {
        if (amount < 0 || (amount == 0 && !allowZero))
            throw new ConfigurationException($"{name} must be greater than zero {unit} (got {amount.ToString(CultureInfo.InvariantCulture)}); a zero or negative retention would delete every job as soon as it ends.");
        if (amount * hoursPerUnit > MaxRetention.TotalHours)
            throw new ConfigurationException($"{name} of {amount.ToString(CultureInfo.InvariantCulture)} {unit} is longer than the {MaxRetention.TotalDays:0} days allowed.");
        return TimeSpan.FromHours(amount * hoursPerUnit);
    }
}
