namespace CleanupTools.Configuration;

/// <summary>
/// The variables the tool reads. CLEANUPTOOLS_* names win over the EEMT_* names of references 000/002,
/// which are honoured so existing cron jobs and containers keep working.
/// </summary>
public static class EnvironmentVariables
{
    public static readonly string[] BaseDir = { "CLEANUPTOOLS_BASE_DIR", "EEMT_BASE_DIR" };
    public static readonly string[] DbPath = { "CLEANUPTOOLS_DB_PATH", "EEMT_DB_PATH" };
    public static readonly string[] ResultsDir = { "CLEANUPTOOLS_RESULTS_DIR", "EEMT_RESULTS_DIR" };
    public static readonly string[] UploadsDir = { "CLEANUPTOOLS_UPLOADS_DIR", "EEMT_UPLOADS_DIR" };
    public static readonly string[] TempDir = { "CLEANUPTOOLS_TEMP_DIR", "EEMT_TEMP_DIR" };
    public static readonly string[] LogsDir = { "CLEANUPTOOLS_LOGS_DIR", "EEMT_LOGS_DIR" };
    public static readonly string[] BackupDir = { "CLEANUPTOOLS_BACKUP_DIR" };
    public static readonly string[] BackupRetentionDays = { "CLEANUPTOOLS_BACKUP_RETENTION_DAYS" };
    public static readonly string[] Quarantine = { "CLEANUPTOOLS_QUARANTINE" };
    public static readonly string[] SuccessRetentionHours = { "CLEANUPTOOLS_SUCCESS_RETENTION_HOURS", "EEMT_SUCCESS_RETENTION_HOURS" };
    public static readonly string[] SuccessRetentionDays = { "CLEANUPTOOLS_SUCCESS_RETENTION_DAYS", "EEMT_SUCCESS_RETENTION_DAYS" };
    public static readonly string[] FailedRetentionHours = { "CLEANUPTOOLS_FAILED_RETENTION_HOURS", "EEMT_FAILED_RETENTION_HOURS" };
    public static readonly string[] DryRun = { "CLEANUPTOOLS_DRY_RUN", "EEMT_CLEANUP_DRY_RUN", "EEMT_DRY_RUN" };
    public static readonly string[] BatchSize = { "CLEANUPTOOLS_BATCH_SIZE", "EEMT_CLEANUP_BATCH_SIZE" };
    public static readonly string[] MaxWorkers = { "CLEANUPTOOLS_MAX_WORKERS", "EEMT_CLEANUP_MAX_WORKERS" };
    public static readonly string[] WarningPercent = { "CLEANUPTOOLS_WARNING_THRESHOLD", "TEMP_STORAGE_CLEANUP_WARNING_THRESHOLD" };
    /// <summary>References 000/002's logging verbosity: DEBUG, INFO, WARNING or ERROR.</summary>
    public static readonly string[] LogLevel = { "CLEANUPTOOLS_LOG_LEVEL", "EEMT_CLEANUP_LOG_LEVEL" };
    public static readonly string[] CriticalPercent = { "CLEANUPTOOLS_CRITICAL_THRESHOLD", "TEMP_STORAGE_CLEANUP_EMERGENCY_CLEANUP_THRESHOLD" };

    /// <summary>Selects the PostgreSQL store: an Npgsql connection string.</summary>
    public static readonly string[] ConnectionString = { "CLEANUPTOOLS_CONNECTION_STRING" };

    // libpq's variables that Npgsql itself does not read. (It does read PGUSER, PGPASSWORD and PGPASSFILE, and
    // ~/.pgpass; PGUSER is read here too, so the store's description names the user that will really connect.)
    // They fill in what the connection options leave out, but never select the PostgreSQL store on their own.
    public static readonly string[] PgHost = { "PGHOST" };
    public static readonly string[] PgPort = { "PGPORT" };
    public static readonly string[] PgDatabase = { "PGDATABASE" };
    public static readonly string[] PgUser = { "PGUSER" };
}
