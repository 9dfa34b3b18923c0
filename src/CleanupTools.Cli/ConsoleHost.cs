using CleanupTools.Configuration;
using CleanupTools.Operations;
using static CleanupTools.Reports.HumanText;

namespace CleanupTools.Cli;

/// <summary>
/// The CLI's side of the engine seam. Objects go to the command's handler; verbose lines, warnings and errors
/// go to stderr so stdout stays clean for JSON, each one line: control characters from ids are escaped. There is no one to ask at a cron prompt, so every target is
/// processed unless the run is a dry run (which the engine handles without asking). Advice is worded as this CLI's
/// commands (<see cref="CliAdvice"/>). Progress is a line updated in place when stderr is a terminal, nothing when it
/// is not, and under --verbose a [PROGRESS] line like the others.
/// </summary>
public sealed class ConsoleHost : IOperationHost, IDisposable
{
    private readonly LogLevel _level;
    private readonly Action<object> _onObject;
    private readonly ProgressLine _progress;

    public ConsoleHost(LogLevel level, Action<object> onObject, CancellationToken cancellation)
        : this(level, onObject, cancellation, ProgressLine.ForStandardError())
    {
    }

    public ConsoleHost(LogLevel level, Action<object> onObject, CancellationToken cancellation, ProgressLine progress)
    {
        _level = level;
        _onObject = onObject;
        _progress = progress;
        Cancellation = cancellation;
    }

    /// <summary>The level in force (--log-level, --verbose, EEMT_CLEANUP_LOG_LEVEL), for the command's own report lines.</summary>
    public LogLevel Level => _level;

    public CancellationToken Cancellation { get; }

    public int ErrorCount { get; private set; }

    public void WriteObject(object item)
    {
        _progress.Clear();
        _onObject(item);
    }

    public void WriteVerbose(string message)
    {
        if (_level.ShowsDetail()) Line($"[INFO] {Escape(message)}");
    }

    public void WriteWarning(string message)
    {
        if (_level.ShowsWarnings()) Line($"[WARNING] {Escape(message)}");
    }

    public void WriteNotice(Notice notice)
    {
        if (notice.Warning) WriteWarning(CliAdvice.Text(notice, _level.ShowsDetail()));
        else WriteVerbose(CliAdvice.Text(notice, _level.ShowsDetail()));
    }

    public void WriteError(OperationError error)
    {
        ErrorCount++;
        Line($"[ERROR] {Escape(error.Message)}");
    }

    public void WriteProgress(OperationProgress progress)
    {
        // The line updated in place is information too: WARNING and ERROR leave stderr to what they keep.
        if (_level.ShowsDetail()) { if (!progress.Completed) Line($"[PROGRESS] {progress.Activity}: {Escape(progress.Status)}"); }
        else if (_level.ShowsInfo()) _progress.Show(progress);
    }

    private void Line(string text)
    {
        _progress.Clear();
        Console.Error.WriteLine(text);
    }

    public bool ShouldProcess(string target, string action) => true;

    /// <summary>Clears a progress line left by a run that ended early, before the command's last word goes below it.</summary>
    public void Dispose() => _progress.Clear();
}
