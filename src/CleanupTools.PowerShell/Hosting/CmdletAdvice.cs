using System.Management.Automation.Language;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Hosting;

/// <summary>The engine's advice worded as this module's cmdlets and switches, for someone at a PowerShell prompt.</summary>
internal static class CmdletAdvice
{
    public static string Text(Notice notice) => $"{notice.Message} ({Words(notice.Advice)}).";

    public static string Words(Advice advice) => advice.Kind switch
    {
        AdviceKind.SetPolicyRoot => $"Set-RetentionPolicy -Name {Quote(advice.Subject)} -Root <directory>",
        AdviceKind.HoldJob => $"Add-CleanupHold -JobId {Quote(advice.Subject)}",
        AdviceKind.ShowVerbose => "-Verbose lists them",
        _ => throw new ArgumentOutOfRangeException(nameof(advice), advice.Kind, "Advice the module has no words for."),
    };

    /// <summary>A name as PowerShell reads it back: bare when that is safe, else in single quotes.</summary>
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/') && value[0] != '-'
            ? value
            : $"'{CodeGeneration.EscapeSingleQuotedStringContent(value)}'";
}
