using CleanupTools.Configuration;

namespace CleanupTools.Cli;

/// <summary>Reference 001's --type values: automatic, manual, emergency.</summary>
public static class TriggerNames
{
    public static CleanupTrigger Parse(string option, string value) =>
        Enum.TryParse<CleanupTrigger>(value.Trim(), ignoreCase: true, out var trigger) && Enum.IsDefined(trigger) && !int.TryParse(value, out _)
            ? trigger
            : throw new ConfigurationException($"{option} must be automatic, manual or emergency (got '{value}').");
}
