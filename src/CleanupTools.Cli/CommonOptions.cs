using System.CommandLine;
using CleanupTools.Configuration;

namespace CleanupTools.Cli;

/// <summary>
/// Options the commands share, each added only to the commands that read it (<see cref="OptionGroups"/>): reference 002's (--db-path, --uploads-dir, --results-dir, --success-retention,
/// --failed-retention, --verbose), reference 000's (--base-dir, --success-retention-days,
/// --failed-retention-hours), --temp-dir, the schema mapping for applications whose tables differ, and the
/// PostgreSQL store's connection (--connection-string, or reference 001's --db-host, --db-port, --db-name,
/// --db-user, --db-password).
/// </summary>
public sealed class CommonOptions
{
    // Every default in these descriptions is read from the engine, so help cannot drift from what a run does.
    private static readonly JobTableMapping DefaultMapping = new();

    public Option<string?> BaseDir { get; } = new Option<string?>("--base-dir") { Description = $"Installation directory: BASE/{CleanupSettings.DefaultDbFileName}, BASE/{StorageRoot.Results}, BASE/{StorageRoot.Uploads}, BASE/{StorageRoot.Temp} (default: the current directory; {Variables(EnvironmentVariables.BaseDir)})." }.In(HelpSections.Store);
    public Option<string?> DbPath { get; } = new Option<string?>("--db-path") { Description = $"Path to the SQLite job database (default BASE/{CleanupSettings.DefaultDbFileName}; {Variables(EnvironmentVariables.DbPath)})." }.In(HelpSections.Store);
    public Option<string?> ResultsDir { get; } = Root("--results-dir", "job outputs, results/<job_id>/", StorageRoot.Results, EnvironmentVariables.ResultsDir);
    public Option<string?> UploadsDir { get; } = Root("--uploads-dir", "uploaded DEMs, uploads/<dem_filename>", StorageRoot.Uploads, EnvironmentVariables.UploadsDir);
    public Option<string?> TempDir { get; } = Root("--temp-dir", "working files, temp/<job_id>/", StorageRoot.Temp, EnvironmentVariables.TempDir);
    public Option<string?> LogsDir { get; } = Root("--logs-dir", "execution logs, logs/<job_id>/", StorageRoot.Logs, EnvironmentVariables.LogsDir);
    public Option<string?> BackupDir { get; } = new Option<string?>("--backup-dir") { Description = $"Where quarantined data is kept (default BASE/{FileSystem.Backups.BackupRoot.DefaultDirectoryName}; {Variables(EnvironmentVariables.BackupDir)}); never inside a cleaned directory." }.In(HelpSections.Roots);
    public Option<string?> SuccessRetention { get; } = new Option<string?>("--success-retention") { Description = $"Hours to keep successful job data (default {Hours(Policies.DefaultPolicies.SuccessfulRetention)}; {Variables(EnvironmentVariables.SuccessRetentionHours)})." }.In(HelpSections.Retention);
    public Option<string?> SuccessRetentionDays { get; } = new Option<string?>("--success-retention-days") { Description = $"Days to keep successful job data (default {Days(Policies.DefaultPolicies.SuccessfulRetention)}; {Variables(EnvironmentVariables.SuccessRetentionDays)})." }.In(HelpSections.Retention);
    public Option<string?> FailedRetention { get; } = new Option<string?>("--failed-retention", "--failed-retention-hours") { Description = $"Hours to keep failed job data (default {Hours(Policies.DefaultPolicies.FailedRetention)}; {Variables(EnvironmentVariables.FailedRetentionHours)})." }.In(HelpSections.Retention);
    public Option<string?> BatchSize { get; } = new Option<string?>("--batch-size") { Description = $"Jobs per database page and transaction, 1 to {CleanupSettings.MaxBatchSize} (default {CleanupSettings.DefaultBatchSize}; {Variables(EnvironmentVariables.BatchSize)})." }.In(HelpSections.Performance);
    public Option<string?> MaxWorkers { get; } = new Option<string?>("--max-workers", "--workers") { Description = $"Jobs deleted at the same time, 1 to {CleanupSettings.MaxWorkersLimit} (default {CleanupSettings.DefaultMaxWorkers}; {Variables(EnvironmentVariables.MaxWorkers)}); 1 deletes one job at a time." }.In(HelpSections.Performance);
    public Option<bool> Verbose { get; } = new Option<bool>("--verbose", "-v", "--debug") { Description = "Explain every decision on stderr, as --log-level debug (--debug: reference 002's spelling)." }.In(HelpSections.Output);
    public Option<string?> LogLevel { get; } = new Option<string?>("--log-level") { Description = $"DEBUG (as --verbose), INFO (default), WARNING (warnings and errors only) or ERROR (errors only); {Variables(EnvironmentVariables.LogLevel)}." }.In(HelpSections.Output);
    public Option<string?> JobsTable { get; } = Mapped("--jobs-table", "Job table name", DefaultMapping.Table);
    public Option<string?> IdColumn { get; } = Mapped("--id-column", "Job id column", DefaultMapping.IdColumn);
    public Option<string?> StatusColumn { get; } = Mapped("--status-column", "Status column", DefaultMapping.StatusColumn);
    public Option<string?> CompletedAtColumn { get; } = Mapped("--completed-at-column", "Completion time column", DefaultMapping.CompletedAtColumn);
    public Option<string?> DemColumn { get; } = Mapped("--dem-filename-column", "Uploaded file name column", DefaultMapping.DemFilenameColumn);
    public Option<string[]> CompletedStatus { get; } = Statuses("--completed-status", "completed", DefaultMapping.CompletedStatuses);
    public Option<string[]> FailedStatus { get; } = Statuses("--failed-status", "failed", DefaultMapping.FailedStatuses);
    public Option<string[]> RunningStatus { get; } = Statuses("--running-status", "running", DefaultMapping.RunningStatuses);
    public Option<string[]> PendingStatus { get; } = Statuses("--pending-status", "pending", DefaultMapping.PendingStatuses);
    public Option<string?> ConnectionString { get; } = new Option<string?>("--connection-string") { Description = $"Use PostgreSQL: an Npgsql connection string, Host=...;Port=...;Database=...;Username=... ({Variables(EnvironmentVariables.ConnectionString)})." }.In(HelpSections.Postgres);
    public Option<string?> DbHost { get; } = new Option<string?>("--db-host") { Description = $"Use PostgreSQL on this host (default {PostgresSettingsResolver.DefaultHost}; PGHOST)." }.In(HelpSections.Postgres);
    public Option<string?> DbPort { get; } = new Option<string?>("--db-port") { Description = $"PostgreSQL port (default {PostgresSettingsResolver.ReferencePort}, or {PostgresSettingsResolver.PostgresPort} with a connection string; PGPORT)." }.In(HelpSections.Postgres);
    public Option<string?> DbName { get; } = new Option<string?>("--db-name") { Description = "PostgreSQL database (default: the user name; PGDATABASE)." }.In(HelpSections.Postgres);
    public Option<string?> DbUser { get; } = new Option<string?>("--db-user") { Description = "PostgreSQL user (default: the OS user; PGUSER)." }.In(HelpSections.Postgres);
    public Option<string?> DbPassword { get; } = new Option<string?>("--db-password") { Description = "PostgreSQL password. Visible in the process list: prefer PGPASSWORD or ~/.pgpass." }.In(HelpSections.Postgres);

    /// <summary>Adds the options of the groups a command uses, and no others, so its help lists only what it reads.</summary>
    public void AddTo(Command command, OptionGroups groups)
    {
        void Add(OptionGroups group, params Option[] options)
        {
            if ((groups & group) == 0) return;
            foreach (var option in options) command.Options.Add(option);
        }
        Add(OptionGroups.Store, BaseDir, DbPath);
        Add(OptionGroups.Postgres, ConnectionString, DbHost, DbPort, DbName, DbUser, DbPassword);
        Add(OptionGroups.Schema, JobsTable, IdColumn, StatusColumn, CompletedAtColumn, DemColumn, CompletedStatus, FailedStatus, RunningStatus, PendingStatus);
        Add(OptionGroups.Roots, ResultsDir, UploadsDir, TempDir, LogsDir, BackupDir);
        Add(OptionGroups.Retention, SuccessRetention, SuccessRetentionDays, FailedRetention);
        Add(OptionGroups.BatchSize, BatchSize);
        Add(OptionGroups.Workers, MaxWorkers);
        Add(OptionGroups.Verbose, Verbose, LogLevel);
    }

    /// <summary>
    /// The log level: --log-level, else --verbose (debug), else CLEANUPTOOLS_LOG_LEVEL / EEMT_CLEANUP_LOG_LEVEL, else info.
    /// A bad value is a configuration error (exit 2).
    /// </summary>
    public LogLevel ReadLogLevel(ParseResult parse) => LogLevels.Resolve(
        parse.GetValue(LogLevel) is { } level ? LogLevels.Parse("--log-level", level) : parse.GetValue(Verbose) ? Configuration.LogLevel.Debug : null,
        EnvironmentReader.FromProcess());

    private static Option<string?> Root(string name, string what, string leaf, string[] variables) =>
        new Option<string?>(name) { Description = $"Directory of {what} (default BASE/{leaf}; {Variables(variables)})." }.In(HelpSections.Roots);

    private static Option<string?> Mapped(string name, string what, string fallback) =>
        new Option<string?>(name) { Description = $"{what} (default {fallback})." }.In(HelpSections.Schema);

    private static Option<string[]> Statuses(string name, string meaning, string[] fallback) =>
        new Option<string[]>(name) { Description = $"Status values meaning {meaning} (default {string.Join(",", fallback)}).", AllowMultipleArgumentsPerToken = true }.In(HelpSections.Schema);

    private static string Variables(string[] names) => string.Join(", ", names);

    public static string Hours(TimeSpan span) => span.TotalHours.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Days(TimeSpan span) => span.TotalDays.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The option as the user spelled it (--workers or --max-workers), for an error message they recognise.</summary>
    public static string Spelled(ParseResult parse, Option option) => parse.GetResult(option)?.IdentifierToken?.Value ?? option.Name;

    /// <summary>Turns the parsed options into engine options; text values are checked by the engine's parser.</summary>
    public CleanupOptions Read(ParseResult parse)
    {
        var options = new CleanupOptions
        {
            BaseDir = parse.GetValue(BaseDir),
            DbPath = parse.GetValue(DbPath),
            ResultsDir = parse.GetValue(ResultsDir),
            UploadsDir = parse.GetValue(UploadsDir),
            TempDir = parse.GetValue(TempDir),
            LogsDir = parse.GetValue(LogsDir),
            BackupDir = parse.GetValue(BackupDir),
            FailedRetention = parse.GetValue(FailedRetention) is { } f ? SettingValueParser.ParseHours("--failed-retention", f) : null,
            BatchSize = parse.GetValue(BatchSize) is { } b ? SettingValueParser.ParseInt(Spelled(parse, BatchSize), b, 1, CleanupSettings.MaxBatchSize) : null,
            MaxWorkers = parse.GetValue(MaxWorkers) is { } w ? SettingValueParser.ParseInt(Spelled(parse, MaxWorkers), w, 1, CleanupSettings.MaxWorkersLimit) : null,
            ConnectionString = parse.GetValue(ConnectionString),
            DbHost = parse.GetValue(DbHost),
            DbPort = parse.GetValue(DbPort) is { } port ? SettingValueParser.ParseInt("--db-port", port, 1, 65535) : null,
            DbName = parse.GetValue(DbName),
            DbUser = parse.GetValue(DbUser),
            DbPassword = parse.GetValue(DbPassword),
        };
        if (options.DbPassword is not null)
            Console.Error.WriteLine("[WARNING] --db-password is visible to other users in the process list; prefer PGPASSWORD or a ~/.pgpass file (PGPASSFILE).");
        var hours = parse.GetValue(SuccessRetention) is { } h ? SettingValueParser.ParseHours("--success-retention", h) : (TimeSpan?)null;
        var days = parse.GetValue(SuccessRetentionDays) is { } d ? SettingValueParser.ParseDays("--success-retention-days", d) : (TimeSpan?)null;
        if (hours is not null && days is not null && hours != days)
            throw new ConfigurationException("--success-retention and --success-retention-days disagree; give only one.");
        options.SuccessRetention = hours ?? days;

        var mapping = new JobTableMapping();
        var mapped = false;
        void Set(string? value, Action<string> apply)
        {
            if (value is null) return;
            apply(value);
            mapped = true;
        }
        void SetList(string[]? values, Action<string[]> apply)
        {
            if (values is not { Length: > 0 }) return;
            apply(values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToArray());
            mapped = true;
        }
        Set(parse.GetValue(JobsTable), v => mapping.Table = v);
        Set(parse.GetValue(IdColumn), v => mapping.IdColumn = v);
        Set(parse.GetValue(StatusColumn), v => mapping.StatusColumn = v);
        Set(parse.GetValue(CompletedAtColumn), v => mapping.CompletedAtColumn = v);
        Set(parse.GetValue(DemColumn), v => mapping.DemFilenameColumn = v);
        SetList(parse.GetValue(CompletedStatus), v => mapping.CompletedStatuses = v);
        SetList(parse.GetValue(FailedStatus), v => mapping.FailedStatuses = v);
        SetList(parse.GetValue(RunningStatus), v => mapping.RunningStatuses = v);
        SetList(parse.GetValue(PendingStatus), v => mapping.PendingStatuses = v);
        if (mapped) options.Mapping = mapping;
        return options;
    }
}
