using CleanupTools.Operations;
using static CleanupTools.Reports.HumanText;

namespace CleanupTools.Cli;

/// <summary>
/// A run's progress as one line that updates in place ("\rCleaning up job data: 120 of 4000 jobs"), for a person
/// watching a terminal. Nothing at all when the stream is not a terminal: cron mail, a log file or a pipe would
/// otherwise fill with carriage returns. Other lines clear it first, so it never leaves half a line behind.
/// </summary>
public sealed class ProgressLine
{
    private readonly TextWriter _terminal;
    private readonly bool _isTerminal;
    private int _shown;

    public ProgressLine(TextWriter terminal, bool isTerminal)
    {
        _terminal = terminal;
        _isTerminal = isTerminal;
    }

    /// <summary>
    /// Shown when stderr is a terminal someone watches (not a file or a pipe). A JSON report that stdout prints on the
    /// same terminal would be broken up on screen by the line, which its writer does not clear: then there is none.
    /// </summary>
    public static ProgressLine ForStandardError(bool jsonOnStdout = false) =>
        new(Console.Error, !Console.IsErrorRedirected && !(jsonOnStdout && !Console.IsOutputRedirected));

    public void Show(OperationProgress progress)
    {
        if (!_isTerminal) return;
        if (progress.Completed)
        {
            Clear();
            return;
        }
        var text = $"{Escape(progress.Activity)}: {Escape(progress.Status)}";
        // Padded to the last line's width, so a shorter status leaves no tail of the longer one.
        _terminal.Write($"\r{text.PadRight(_shown)}");
        _terminal.Flush();
        _shown = text.Length;
    }

    /// <summary>Blanks the line, before anything else is written to the terminal or when the run ends.</summary>
    public void Clear()
    {
        if (_shown == 0) return;
        _terminal.Write($"\r{new string(' ', _shown)}\r");
        _terminal.Flush();
        _shown = 0;
    }
}
