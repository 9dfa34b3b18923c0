namespace CleanupTools.Configuration;

/// <summary>
/// How much a run says, references 000/002's EEMT_CLEANUP_LOG_LEVEL: Debug adds the detail lines (--verbose, -Verbose),
/// Info (the default) is the normal report, Warning keeps only warnings and errors, Error only errors.
/// Each front end maps it onto its own output; which messages a level keeps is decided here.
/// </summary>
public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}

/// <summary>Resolves the level: a front end's parameter, then CLEANUPTOOLS_LOG_LEVEL or EEMT_CLEANUP_LOG_LEVEL, then Info.</summary>
public static class LogLevels
{
    public static LogLevel Resolve(LogLevel? parameter, EnvironmentReader environment) =>
        parameter ?? (environment.First(EnvironmentVariables.LogLevel) is { } found ? Parse(found.Name, found.Value) : LogLevel.Info);

    /// <summary>DEBUG, INFO, WARNING or ERROR in any case (WARN too, as Python's logging takes it); anything else is refused.</summary>
    public static LogLevel Parse(string name, string text) => text.Trim().ToUpperInvariant() switch
    {
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Info,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        _ => throw new ConfigurationException($"{name} must be DEBUG, INFO, WARNING or ERROR (got '{text}')."),
    };

    /// <summary>Detail lines (verbose, progress) are shown.</summary>
    public static bool ShowsDetail(this LogLevel level) => level == LogLevel.Debug;

    /// <summary>The normal report lines (what was done to each item, the summary) are shown.</summary>
    public static bool ShowsInfo(this LogLevel level) => level <= LogLevel.Info;

    public static bool ShowsWarnings(this LogLevel level) => level <= LogLevel.Warning;
}
