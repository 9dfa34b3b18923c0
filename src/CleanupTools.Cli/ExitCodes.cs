namespace CleanupTools.Cli;

/// <summary>The CLI's exit codes, as cron wrappers and CI steps read them.</summary>
public static class ExitCodes
{
    /// <summary>Done, no errors.</summary>
    public const int Success = 0;
    /// <summary>
    /// Done, but at least one job failed (each failure is in the report and on stderr); or stopped by SIGTERM, SIGHUP or
    /// SIGINT after recording the jobs acted on so far (see <see cref="Guarded"/>).
    /// </summary>
    public const int JobErrors = 1;
    /// <summary>Bad input or configuration: message on stderr, nothing touched.</summary>
    public const int BadInput = 2;
    /// <summary>Another run holds the store (its host, pid and start time on stderr); nothing touched.</summary>
    public const int StoreBusy = 3;
    /// <summary>The run would remove all (or too large a share) of a policy's items: stopped before deleting anything.</summary>
    public const int MassDeletionRefused = 4;
}
