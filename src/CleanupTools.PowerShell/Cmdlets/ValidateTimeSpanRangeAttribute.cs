using System.Globalization;
using System.Management.Automation;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// A range check for TimeSpan parameters. [ValidateRange] with string bounds converts the argument to a string
/// and compares text, so "5.00:00:00" (five days) would sort above "36500.00:00:00"; this compares durations.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateTimeSpanRangeAttribute : ValidateArgumentsAttribute
{
    public ValidateTimeSpanRangeAttribute(string minimum, string maximum)
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    public TimeSpan Minimum { get; }
    public TimeSpan Maximum { get; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is not TimeSpan duration)
            throw new ValidationMetadataException($"The argument '{value}' is not a duration (TimeSpan).");
        if (duration < Minimum || duration > Maximum)
            throw new ValidationMetadataException($"The duration {duration} is outside the allowed range, {Minimum} to {Maximum}.");
    }
}
