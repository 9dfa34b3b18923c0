namespace CleanupTools.Policies.Files;

/// <summary>
/// A policy file read and checked whole (<see cref="PolicyFileReader"/>): the policy changes it asks for, the run
/// settings it carries (which are reported, not applied), and the warnings about what it holds but this tool does
/// not do. Nothing here has touched a store.
/// </summary>
public sealed class PolicyFile
{
    /// <summary>
    /// The component policy that <c>retention.successful_jobs.keep_logs: true</c> becomes: the logs of completed
    /// jobs, disabled (a disabled policy deletes nothing, so the component is kept), with the longest retention
    /// allowed so that enabling it by mistake still keeps them.
    /// </summary>
    public const string SuccessfulLogsKeeper = "successful_jobs_logs";

    /// <summary>What <c>retention.failed_jobs.keep_error_logs: true</c> becomes: the same, for the logs of failed jobs.</summary>
    public const string FailedLogsKeeper = "failed_jobs_logs";

    internal PolicyFile(string source, IReadOnlyList<PolicyFileEntry> entries, PolicyFileRunSettings settings, IReadOnlyList<string> warnings)
    {
        Source = source;
        Entries = entries;
        Settings = settings;
        Warnings = warnings;
    }

    /// <summary>The file's name, as messages give it.</summary>
    public string Source { get; }

    /// <summary>One entry per policy the file sets (or, for <c>keep_logs: false</c>, may remove), in file order.</summary>
    public IReadOnlyList<PolicyFileEntry> Entries { get; }

    /// <summary><c>performance.*</c> and <c>paths.*</c>: run settings, read and checked but not stored.</summary>
    public PolicyFileRunSettings Settings { get; }

    /// <summary>What the file holds that is not applied: <c>schedule</c>, <c>notifications</c>, and the run settings.</summary>
    public IReadOnlyList<string> Warnings { get; }
}

/// <summary>
/// One policy a file sets: the change, and where in the file it was given (for messages). When
/// <see cref="RemoveKeeper"/> is true there is no change: <c>keep_logs: false</c> asks that a keeper policy
/// (<see cref="PolicyFile.SuccessfulLogsKeeper"/>, <see cref="PolicyFile.FailedLogsKeeper"/>) a previous import
/// stored be removed, if there is one.
/// </summary>
public sealed record PolicyFileEntry(string Name, string Key, int Line, int Column, PolicyChange? Change, bool RemoveKeeper = false);

/// <summary>
/// The run settings of references 000/002's cleanup_config.yaml (<c>performance.*</c>, <c>paths.*</c>). A run takes
/// these from its options and the environment; an import reads and checks them, reports them, and stores none.
/// Paths are as written in the file (relative ones are not resolved).
/// </summary>
public sealed record PolicyFileRunSettings
{
    public int? BatchSize { get; init; }
    public bool? ParallelDelete { get; init; }
    public int? MaxWorkers { get; init; }
    public string? DatabasePath { get; init; }
    public string? UploadsPath { get; init; }
    public string? ResultsPath { get; init; }
    public string? LogsPath { get; init; }
    public string? TempPath { get; init; }

    public bool IsEmpty => BatchSize is null && ParallelDelete is null && MaxWorkers is null && DatabasePath is null
        && UploadsPath is null && ResultsPath is null && LogsPath is null && TempPath is null;
}
