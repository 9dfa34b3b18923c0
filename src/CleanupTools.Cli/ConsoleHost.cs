using CleanupTools.Operations;
using static CleanupTools.Reports.HumanText;

namespace CleanupTools.Cli;

/// <summary>
/// The CLI's side of the engine seam. Objects go to the command's handler; verbose lines, warnings and errors
/// go to stderr so stdout stays clean for JSON, each one line: control characters from ids are escaped. There is no one to ask at a cron prompt, so every target is
/// processed unless the run is a dry run (which the engine handles without asking). Advice is worded as this CLI's
/// commands (<see cref="CliAdvice"/>).
/// </summary>
public sealed class ConsoleHost : IOperationHost
{
    private readonly bool _verbose;
    private readonly Action<object> _onObject;

    public ConsoleHost(bool verbose, Action<object> onObject, CancellationToken cancellation)
    {
        _verbose = verbose;
        _onObject = onObject;
        Cancellation = cancellation;
    }

    public CancellationToken Cancellation { get; }

    public int ErrorCount { get; private set; }

    public void WriteObject(object item) => _onObject(item);

    public void WriteVerbose(string message)
    {
        if (_verbose) Console.Error.WriteLine($"[INFO] {Escape(message)}");
    }

    public void WriteWarning(string message) => Console.Error.WriteLine($"[WARNING] {Escape(message)}");

    public void WriteNotice(Notice notice)
    {
        if (notice.Warning) WriteWarning(CliAdvice.Text(notice));
        else WriteVerbose(CliAdvice.Text(notice));
    }

    public void WriteError(OperationError error)
    {
        ErrorCount++;
        Console.Error.WriteLine($"[ERROR] {Escape(error.Message)}");
    }

    public void WriteProgress(OperationProgress progress)
    {
        if (_verbose && !progress.Completed) Console.Error.WriteLine($"[PROGRESS] {progress.Activity}: {Escape(progress.Status)}");
    }

    public bool ShouldProcess(string target, string action) => true;
}
