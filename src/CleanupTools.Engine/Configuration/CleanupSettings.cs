namespace CleanupTools.Configuration;

/// <summary>The run settings after precedence (parameter, environment, default) was applied and every value checked.</summary>
public sealed class CleanupSettings
{
    /// <summary>The job database's file name under the base directory (reference 000's jobs.db).</summary>
    public const string DefaultDbFileName = "jobs.db";
    public const int DefaultBatchSize = 100;
    public const int DefaultMaxWorkers = 4;
    public const double DefaultWarningPercent = 85;
    public const double DefaultCriticalPercent = 95;
    public const int MaxBatchSize = 100_000;
    public const int MaxWorkersLimit = 64;

    public required string DbPath { get; init; }
    public required StorageRoot Results { get; init; }
    public required StorageRoot Uploads { get; init; }
    public required StorageRoot Temp { get; init; }
    /// <summary>Execution logs, logs/&lt;job_id&gt; (reference 002's paths.logs); a component of its own, so a policy can keep it longer.</summary>
    public required StorageRoot Logs { get; init; }
    /// <summary>The backup root's configured path; kept apart from the job roots when resolved (JobRootSeparation), and from path-class roots when first used.</summary>
    public required string BackupDir { get; init; }
    public TimeSpan BackupRetention { get; init; } = DefaultBackupRetention;
    public bool Quarantine { get; init; }
    public static readonly TimeSpan DefaultBackupRetention = TimeSpan.FromDays(7);
    public bool DryRun { get; init; }
    public int BatchSize { get; init; } = DefaultBatchSize;
    public int MaxWorkers { get; init; } = DefaultMaxWorkers;
    public double WarningPercent { get; init; } = DefaultWarningPercent;
    public double CriticalPercent { get; init; } = DefaultCriticalPercent;
    public JobTableMapping Mapping { get; init; } = new();

    /// <summary>The PostgreSQL store's connection, or null for the SQLite store at <see cref="DbPath"/>.</summary>
    public Stores.Postgres.PostgresConnectionInfo? Postgres { get; init; }

    public IReadOnlyList<StorageRoot> Roots => new[] { Results, Uploads, Temp, Logs };
}
