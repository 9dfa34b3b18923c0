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
}
