using System.Text.RegularExpressions;
using CleanupTools.Operations;

namespace CleanupTools.Cli;

/// <summary>
/// The engine's advice worded as this front end's own commands: someone at a shell is told what to type there,
/// not a PowerShell cmdlet.
/// </summary>
public static partial class CliAdvice
{
    /// <param name="verbose">Under --verbose the details the advice points at are already on their way.</param>
    public static string Text(Notice notice, bool verbose = false) => $"{notice.Message} ({Words(notice.Advice, verbose)}).";

    public static string Words(Advice advice, bool verbose = false) => advice.Kind switch
    {
        AdviceKind.ShowVerbose when verbose => "listed below",
        AdviceKind.SetPolicyRoot => $"cleanuptools policy set --name {Quote(advice.Subject)} --root <directory>",
        AdviceKind.HoldJob => $"cleanuptools hold add --job {Quote(advice.Subject)} --reason <why>",
        AdviceKind.ShowVerbose => "--verbose lists them",
        _ => throw new ArgumentOutOfRangeException(nameof(advice), advice.Kind, "Advice the CLI has no words for."),
    };

    /// <summary>A name as a POSIX shell reads it back: bare when that is safe, else in single quotes.</summary>
    private static string Quote(string value) => Plain().IsMatch(value) ? value : $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    [GeneratedRegex("^[A-Za-z0-9_.,:/@%+=-]+$")]
    private static partial Regex Plain();
}
