namespace CleanupTools.Configuration;

/// <summary>
/// Bad input or configuration, found before anything was touched. Front ends turn it into exit code 2
/// (CLI) or a terminating error (PowerShell).
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception inner) : base(message, inner) { }
}
