using CleanupTools.Configuration;
using CleanupTools.Operations;
using static CleanupTools.Reports.HumanText;

namespace CleanupTools.Cli;

/// <summary>
/// The CLI's side of the engine seam. Objects go to the command's handler; verbose lines, warnings and errors
/// go to stderr so stdout stays clean for JSON, each one line: control characters from ids are escaped. There is no one to ask at a cron prompt, so every target is
/// processed unless the run is a dry run (which the engine handles without asking).
/// </summary>
public sealed class ConsoleHost : IOperationHost
{
    private readonly LogLevel _level;
    private readonly Action<object> _onObject;

    public ConsoleHost(LogLevel level, Action<object> onObject, CancellationToken cancellation)
    {
        _level = level;
        _onObject = onObject;
        Cancellation = cancellation;
    }

    /// <summary>The level in force (--log-level, --verbose, EEMT_CLEANUP_LOG_LEVEL), for the command's own report lines.</summary>
    public LogLevel Level => _level;

    public CancellationToken Cancellation { get; }

    public int ErrorCount { get; private set; }

    public void WriteObject(object item) => _onObject(item);

    public void WriteVerbose(string message)
    {
        if (_level.ShowsDetail()) Console.Error.WriteLine($"[INFO] {Escape(message)}");
    }

    public void WriteWarning(string message)
    {
        if (_level.ShowsWarnings()) Console.Error.WriteLine($"[WARNING] {Escape(message)}");
    }

    public void WriteError(OperationError error)
    {
        ErrorCount++;
        Console.Error.WriteLine($"[ERROR] {Escape(error.Message)}");
    }

    public void WriteProgress(OperationProgress progress)
    {
        if (_level.ShowsDetail() && !progress.Completed) Console.Error.WriteLine($"[PROGRESS] {progress.Activity}: {Escape(progress.Status)}");
    }

    public bool ShouldProcess(string target, string action) => true;
}
