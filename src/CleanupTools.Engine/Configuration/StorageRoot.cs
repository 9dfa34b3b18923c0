namespace CleanupTools.Configuration;

/// <summary>A configured directory the tool may delete inside of, and nowhere else.</summary>
public sealed record StorageRoot(string Name, string Path)
{
    public const string Results = "results";
    public const string Uploads = "uploads";
    public const string Temp = "temp";
    public const string Logs = "logs";

    /// <summary>Normalises and checks a configured root: absolute, no NUL, never a file-system root.</summary>
    public static StorageRoot Create(string name, string configured)
    {
        if (string.IsNullOrWhiteSpace(configured) || configured.Contains('\0'))
            throw new ConfigurationException($"The {name} directory '{Printable(configured)}' is not a usable path.");
        string full;
        try
        {
            full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(configured));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigurationException($"The {name} directory '{Printable(configured)}' is not a usable path: {e.Message}", e);
        }
        if (System.IO.Path.GetPathRoot(full) == full || System.IO.Path.GetDirectoryName(full) is null)
            throw new ConfigurationException($"The {name} directory may not be a file-system root ('{full}').");
        return new StorageRoot(name, full);
    }

    internal static string Printable(string? text) => text is null ? "" : text.Replace("\0", "\\0");
}
