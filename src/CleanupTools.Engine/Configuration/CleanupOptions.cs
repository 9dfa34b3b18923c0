namespace CleanupTools.Configuration;

/// <summary>
/// What a front end was given explicitly (parameters, CLI options). Null means "not given", so the
/// environment, the stored policy or the default decides.
/// </summary>
public sealed class CleanupOptions
{
    /// <summary>Reference 000's base directory: BASE/jobs.db, BASE/results, BASE/uploads, BASE/temp.</summary>
    public string? BaseDir { get; set; }
    public string? DbPath { get; set; }
    public string? ResultsDir { get; set; }
    public string? UploadsDir { get; set; }
    public string? TempDir { get; set; }
    /// <summary>Directory of execution logs, logs/&lt;job_id&gt; (reference 002's paths.logs; default BASE/logs).</summary>
    public string? LogsDir { get; set; }
    /// <summary>Where quarantined data goes (default BASE/cleanup_backups, reference 001's cleanup_backups); never inside a cleaned root.</summary>
    public string? BackupDir { get; set; }
    /// <summary>How long backups are kept before a run purges them (default 7 days, reference 001).</summary>
    public TimeSpan? BackupRetention { get; set; }
    /// <summary>Move expired data into the backup root instead of deleting it, whatever the policy's action (two-stage cleanup).</summary>
    public bool? Quarantine { get; set; }
    public TimeSpan? SuccessRetention { get; set; }
    public TimeSpan? FailedRetention { get; set; }
    public bool? DryRun { get; set; }
    public int? BatchSize { get; set; }
    public int? MaxWorkers { get; set; }
    public double? WarningPercent { get; set; }
    public double? CriticalPercent { get; set; }
    public JobTableMapping? Mapping { get; set; }

    /// <summary>How long a run waits for another run's lock on the store before giving up (default: 0, fail at once).</summary>
    public TimeSpan? LockTimeout { get; set; }

    /// <summary>Run as one of several workers sharing the store: claim jobs instead of taking the exclusive run lock.</summary>
    public bool? Worker { get; set; }

    /// <summary>How long a worker's claim on a job lasts before another worker may take it over (default 10 minutes).</summary>
    public TimeSpan? ClaimTtl { get; set; }

    /// <summary>Why the run happens (reference 001's --type): manual (default), automatic or emergency; recorded in the audit trail.</summary>
    public CleanupTrigger? Trigger { get; set; }

    /// <summary>A run nobody says was scheduled or an emergency was started by hand.</summary>
    public const CleanupTrigger DefaultTrigger = CleanupTrigger.Manual;

    /// <summary>Lets a run remove every item of a class, or as much as <see cref="MaxDeletionPercent"/> forbids, and a zero retention stand.</summary>
    public bool? AllowMassDeletion { get; set; }

    /// <summary>A run that would remove at least this share of a class's items stops instead (default 100: all of them).</summary>
    public double? MaxDeletionPercent { get; set; }

    // PostgreSQL store: any of these (or CLEANUPTOOLS_CONNECTION_STRING) selects it instead of the SQLite file.
    // Each part is taken from its own option first, then from the connection string, then from PGHOST, PGPORT,
    // PGDATABASE and PGUSER; the password, when none is given, from PGPASSWORD or ~/.pgpass (PGPASSFILE), by the driver.

    /// <summary>An Npgsql connection string (Host=...;Port=...;Database=...;Username=...).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Database host (reference 001's --db-host).</summary>
    public string? DbHost { get; set; }

    /// <summary>Database port (reference 001's --db-port; default 5433 unless a connection string is given).</summary>
    public int? DbPort { get; set; }

    /// <summary>Database name (reference 001's --db-name).</summary>
    public string? DbName { get; set; }

    /// <summary>Database user (reference 001's --db-user).</summary>
    public string? DbUser { get; set; }

    /// <summary>Database password (reference 001's --db-password). Prefer PGPASSWORD or ~/.pgpass: never shown in any output.</summary>
    public string? DbPassword { get; set; }

    /// <summary>Only where the installation is (store, table mapping, roots, PostgreSQL login): what a candidate's origin carries.</summary>
    internal static CleanupOptions LocationOf(CleanupOptions options) => new()
    {
        BaseDir = options.BaseDir,
        DbPath = options.DbPath,
        ResultsDir = options.ResultsDir,
        UploadsDir = options.UploadsDir,
        TempDir = options.TempDir,
        LogsDir = options.LogsDir,
        BackupDir = options.BackupDir,
        Mapping = options.Mapping,
        ConnectionString = options.ConnectionString,
        DbHost = options.DbHost,
        DbPort = options.DbPort,
        DbName = options.DbName,
        DbUser = options.DbUser,
        DbPassword = options.DbPassword,
    };

    /// <summary>These options, with the location (store and roots) taken from <paramref name="location"/> instead.</summary>
    public CleanupOptions WithLocationOf(StoreOrigin location)
    {
        var from = location.Location;
        var copy = (CleanupOptions)MemberwiseClone();
        copy.BaseDir = from.BaseDir;
        copy.DbPath = from.DbPath;
        copy.ResultsDir = from.ResultsDir;
        copy.UploadsDir = from.UploadsDir;
        copy.TempDir = from.TempDir;
        copy.LogsDir = from.LogsDir;
        copy.BackupDir = from.BackupDir;
        copy.Mapping = from.Mapping;
        copy.ConnectionString = from.ConnectionString;
        copy.DbHost = from.DbHost;
        copy.DbPort = from.DbPort;
        copy.DbName = from.DbName;
        copy.DbUser = from.DbUser;
        copy.DbPassword = from.DbPassword;
        return copy;
    }
}
