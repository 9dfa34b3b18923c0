namespace CleanupTools.Configuration;

/// <summary>
/// Applies parameter &gt; environment &gt; default to everything except retention (which also has a stored
/// level, see <see cref="Policies.PolicyResolver"/>). Every value is validated here, before any store is opened.
/// </summary>
public static class SettingsResolver
{
    public static CleanupSettings Resolve(CleanupOptions options, EnvironmentReader environment, string currentDirectory)
    {
        // Per location: its own parameter, then its own variable, then the base directory (parameter, then
        // variable), then the current directory. A root named by its own variable is more specific than one derived
        // from a base directory, so --base-dir does not silently override EEMT_RESULTS_DIR (the README's rule).
        var parameterBase = options.BaseDir;
        var environmentBase = environment.First(EnvironmentVariables.BaseDir);
        // Relative values resolve against the caller's location (PowerShell's, not the process's).
        string? Absolute(string? path) => string.IsNullOrWhiteSpace(path) || path.Contains('\0') ? path : Path.GetFullPath(path, currentDirectory);
        parameterBase = Absolute(parameterBase);
        var baseDir = parameterBase ?? Absolute(environmentBase?.Value) ?? currentDirectory;

        // Each location keeps the variable it came from (null for parameters), so a bad path names it.
        (string Value, string? Variable) Pick(string? parameter, string[] variables, string leaf)
        {
            if (parameter is not null) return (Absolute(parameter)!, null);
            if (environment.First(variables) is { } found) return (Absolute(found.Value)!, found.Name);
            if (parameterBase is not null) return (Path.Combine(parameterBase, leaf), null);
            return (Path.Combine(baseDir, leaf), environmentBase?.Name);
        }

        var mapping = options.Mapping ?? new JobTableMapping();
        mapping.Validate();
        var postgres = PostgresSettingsResolver.Resolve(options, environment);

        var settings = new CleanupSettings
        {
            DbPath = Named(Pick(options.DbPath, EnvironmentVariables.DbPath, CleanupSettings.DefaultDbFileName), ResolveDbPath),
            Results = Named(Pick(options.ResultsDir, EnvironmentVariables.ResultsDir, StorageRoot.Results), p => StorageRoot.Create(StorageRoot.Results, p)),
            Uploads = Named(Pick(options.UploadsDir, EnvironmentVariables.UploadsDir, StorageRoot.Uploads), p => StorageRoot.Create(StorageRoot.Uploads, p)),
            Temp = Named(Pick(options.TempDir, EnvironmentVariables.TempDir, StorageRoot.Temp), p => StorageRoot.Create(StorageRoot.Temp, p)),
            Logs = Named(Pick(options.LogsDir, EnvironmentVariables.LogsDir, StorageRoot.Logs), p => StorageRoot.Create(StorageRoot.Logs, p)),
            BackupDir = Named(Pick(options.BackupDir, EnvironmentVariables.BackupDir, FileSystem.Backups.BackupRoot.DefaultDirectoryName), p => StorageRoot.Create("backup", p).Path),
            BackupRetention = options.BackupRetention is { } br ? SettingValueParser.ValidateRetention("BackupRetention", br)
                : environment.First(EnvironmentVariables.BackupRetentionDays) is { } bre ? SettingValueParser.ParseDays(bre.Name, bre.Value)
                : CleanupSettings.DefaultBackupRetention,
            Quarantine = options.Quarantine ?? Bool(environment, EnvironmentVariables.Quarantine) ?? false,
            DryRun = options.DryRun ?? Bool(environment, EnvironmentVariables.DryRun) ?? false,
            BatchSize = options.BatchSize is { } b
                ? SettingValueParser.ValidateRange("BatchSize", b, 1, CleanupSettings.MaxBatchSize)
                : Int(environment, EnvironmentVariables.BatchSize, 1, CleanupSettings.MaxBatchSize) ?? CleanupSettings.DefaultBatchSize,
            MaxWorkers = options.MaxWorkers is { } w
                ? SettingValueParser.ValidateRange("MaxWorkers", w, 1, CleanupSettings.MaxWorkersLimit)
                : Int(environment, EnvironmentVariables.MaxWorkers, 1, CleanupSettings.MaxWorkersLimit) ?? CleanupSettings.DefaultMaxWorkers,
            WarningPercent = Percent("WarningPercent", options.WarningPercent) ?? EnvPercent(environment, EnvironmentVariables.WarningPercent) ?? CleanupSettings.DefaultWarningPercent,
            CriticalPercent = Percent("CriticalPercent", options.CriticalPercent) ?? EnvPercent(environment, EnvironmentVariables.CriticalPercent) ?? CleanupSettings.DefaultCriticalPercent,
            Mapping = mapping,
            Postgres = postgres,
        };
        if (settings.WarningPercent >= settings.CriticalPercent)
            throw new ConfigurationException($"The warning threshold ({settings.WarningPercent} %) must be below the critical threshold ({settings.CriticalPercent} %).");
        JobRootSeparation.Check(settings);
        return settings;
    }

    private static T Named<T>((string Value, string? Variable) picked, Func<string, T> create)
    {
        try
        {
            return create(picked.Value);
        }
        catch (ConfigurationException e) when (picked.Variable is not null)
        {
            throw new ConfigurationException($"{picked.Variable}: {e.Message}", e);
        }
    }

    private static string ResolveDbPath(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured) || configured.Contains('\0'))
            throw new ConfigurationException($"The database path '{StorageRoot.Printable(configured)}' is not a usable path.");
        try
        {
            return Path.GetFullPath(configured);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigurationException($"The database path '{configured}' is not a usable path: {e.Message}", e);
        }
    }

    private static bool? Bool(EnvironmentReader environment, string[] names) =>
        environment.First(names) is { } found ? SettingValueParser.ParseBool(found.Name, found.Value) : null;

    private static int? Int(EnvironmentReader environment, string[] names, int min, int max) =>
        environment.First(names) is { } found ? SettingValueParser.ParseInt(found.Name, found.Value, min, max) : null;

    private static double? EnvPercent(EnvironmentReader environment, string[] names) =>
        environment.First(names) is { } found ? SettingValueParser.ParsePercent(found.Name, found.Value) : null;

    private static double? Percent(string name, double? value)
    {
        if (value is null) return null;
        if (double.IsNaN(value.Value) || value <= 0 || value > 100)
            throw new ConfigurationException($"{name} must be a percentage above 0 and at most 100 (got {value}).");
        return value;
    }
}
