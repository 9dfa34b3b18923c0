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

    // PostgreSQL connection settings: see the PostgreSQL store section (added with the PostgreSQL store).
}
