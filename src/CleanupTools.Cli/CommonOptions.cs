using System.CommandLine;
using CleanupTools.Configuration;

namespace CleanupTools.Cli;

/// <summary>
/// Options every command shares: reference 002's (--db-path, --uploads-dir, --results-dir, --success-retention,
/// --failed-retention, --verbose), reference 000's (--base-dir, --success-retention-days,
/// --failed-retention-hours), --temp-dir, the schema mapping for applications whose tables differ, and the
/// PostgreSQL store's connection (--connection-string, or reference 001's --db-host, --db-port, --db-name,
/// --db-user, --db-password).
/// </summary>
public sealed class CommonOptions
{
    public Option<string?> BaseDir { get; } = new("--base-dir") { Description = "Installation directory: BASE/jobs.db, BASE/results, BASE/uploads, BASE/temp (EEMT_BASE_DIR)." };
    public Option<string?> DbPath { get; } = new("--db-path") { Description = "Path to the SQLite job database (default ./jobs.db)." };
    public Option<string?> ResultsDir { get; } = new("--results-dir") { Description = "Directory of job outputs, results/<job_id>/ (EEMT_RESULTS_DIR)." };
    public Option<string?> UploadsDir { get; } = new("--uploads-dir") { Description = "Directory of uploaded DEMs, uploads/<dem_filename> (EEMT_UPLOADS_DIR)." };
    public Option<string?> TempDir { get; } = new("--temp-dir") { Description = "Directory of working files, temp/<job_id>/." };
    public Option<string?> LogsDir { get; } = new("--logs-dir") { Description = "Directory of execution logs, logs/<job_id>/ (CLEANUPTOOLS_LOGS_DIR)." };
    public Option<string?> BackupDir { get; } = new("--backup-dir") { Description = "Where quarantined data is kept (default BASE/cleanup_backups, CLEANUPTOOLS_BACKUP_DIR); never inside a cleaned directory." };
    public Option<string?> SuccessRetention { get; } = new("--success-retention") { Description = "Hours to keep successful job data (default 168)." };
    public Option<string?> SuccessRetentionDays { get; } = new("--success-retention-days") { Description = "Days to keep successful job data (default 7)." };
    public Option<string?> FailedRetention { get; } = new("--failed-retention", "--failed-retention-hours") { Description = "Hours to keep failed job data (default 12)." };
    public Option<string?> BatchSize { get; } = new("--batch-size") { Description = "Jobs per database batch (default 100, EEMT_CLEANUP_BATCH_SIZE)." };
    public Option<string?> MaxWorkers { get; } = new("--max-workers", "--workers") { Description = "Jobs deleted at the same time (default 4, CLEANUPTOOLS_MAX_WORKERS; 1 deletes one job at a time)." };
    public Option<bool> Verbose { get; } = new("--verbose", "-v", "--debug") { Description = "Explain every decision on stderr (--debug: reference 002's spelling)." };
    public Option<string?> JobsTable { get; } = new("--jobs-table") { Description = "Job table name (default jobs)." };
    public Option<string?> IdColumn { get; } = new("--id-column") { Description = "Job id column (default id)." };
    public Option<string?> StatusColumn { get; } = new("--status-column") { Description = "Status column (default status)." };
    public Option<string?> CompletedAtColumn { get; } = new("--completed-at-column") { Description = "Completion time column (default completed_at)." };
    public Option<string?> DemColumn { get; } = new("--dem-filename-column") { Description = "Uploaded file name column (default dem_filename)." };
    public Option<string[]> CompletedStatus { get; } = new("--completed-status") { Description = "Status values meaning completed (default completed).", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> FailedStatus { get; } = new("--failed-status") { Description = "Status values meaning failed (default failed).", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> RunningStatus { get; } = new("--running-status") { Description = "Status values meaning running (default running).", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> PendingStatus { get; } = new("--pending-status") { Description = "Status values meaning pending (default pending).", AllowMultipleArgumentsPerToken = true };
    public Option<string?> ConnectionString { get; } = new("--connection-string") { Description = "Use PostgreSQL: an Npgsql connection string, Host=...;Port=...;Database=...;Username=... (CLEANUPTOOLS_CONNECTION_STRING)." };
    public Option<string?> DbHost { get; } = new("--db-host") { Description = "Use PostgreSQL on this host (PGHOST; default localhost)." };
    public Option<string?> DbPort { get; } = new("--db-port") { Description = "PostgreSQL port (PGPORT; default 5433, or 5432 with a connection string)." };
    public Option<string?> DbName { get; } = new("--db-name") { Description = "PostgreSQL database (PGDATABASE; default: the user name)." };
    public Option<string?> DbUser { get; } = new("--db-user") { Description = "PostgreSQL user (PGUSER; default: the OS user)." };
    public Option<string?> DbPassword { get; } = new("--db-password") { Description = "PostgreSQL password. Visible in the process list: prefer PGPASSWORD or ~/.pgpass." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { BaseDir, DbPath, ResultsDir, UploadsDir, TempDir, LogsDir, BackupDir, SuccessRetention, SuccessRetentionDays, FailedRetention,
                     BatchSize, MaxWorkers, Verbose, JobsTable, IdColumn, StatusColumn, CompletedAtColumn, DemColumn,
                     CompletedStatus, FailedStatus, RunningStatus, PendingStatus,
                     ConnectionString, DbHost, DbPort, DbName, DbUser, DbPassword })
            command.Options.Add(option);
    }

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
