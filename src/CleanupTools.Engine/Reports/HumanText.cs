using System.Globalization;
using System.Text;

namespace CleanupTools.Reports;

/// <summary>
/// Text from a store or a file system (ids, upload names, paths, reasons quoting them) made safe for a line a person
/// or a log reads: a newline, carriage return, NUL, escape sequence or other control character in a job id must not
/// forge a log line or recolour a terminal. Each is shown as its C escape (\n, \r, \t, \0) or as \u followed by its
/// hexadecimal code. JSON output needs none of this: its writer escapes by itself.
/// </summary>
public static class HumanText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(NeedsEscape)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!NeedsEscape(c)) escaped.Append(c);
            else escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    // Control characters (C0, DEL, C1), and the Unicode line and paragraph separators some viewers break lines at.
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
