using System.Management.Automation.Language;

namespace CleanupTools.PowerShell.Completion;

/// <summary>
/// The word being completed, split into the quote it was opened with and the prefix to match, and turned back into
/// command-line text: a value keeps the user's quote, and one that would not parse as a plain word gets single quotes.
/// </summary>
internal readonly record struct CompletionWord(char? Quote, string Prefix)
{
    public static CompletionWord Parse(string? word)
    {
        word ??= "";
        if (word.Length > 0 && IsQuote(word[0]))
        {
            var inner = word[1..];
            if (inner.Length > 0 && IsQuote(inner[^1])) inner = inner[..^1];
            return new CompletionWord(word[0], inner);
        }
        return new CompletionWord(null, word);
    }

    public string Text(string value)
    {
        if (Quote is { } quote && IsDoubleQuote(quote))
            return $"\"{value.Replace("`", "``", StringComparison.Ordinal).Replace("$", "`$", StringComparison.Ordinal).Replace("\"", "`\"", StringComparison.Ordinal)}\"";
        if (Quote is not null || !IsBareWord(value))
            return $"'{CodeGeneration.EscapeSingleQuotedStringContent(value)}'";
        return value;
    }

    /// <summary>
    /// What PowerShell reads back as this same string in argument mode: digits alone, or a letter or '_' followed by
    /// letters, digits and '-', '_', '.', ':', '/', '\'. Anything else is quoted: a space or ';' would split it, a
    /// leading '-' would make it a parameter name, and '1e3' or '0x10' would become a number.
    /// </summary>
    private static bool IsBareWord(string value) =>
        value.Length > 0 &&
        (value.All(char.IsAsciiDigit) ||
         ((char.IsLetter(value[0]) || value[0] == '_') && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '\\')));

    // PowerShell also accepts the typographic quotes as quotes.
    private static bool IsQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B' || IsDoubleQuote(c);

    private static bool IsDoubleQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';
}
