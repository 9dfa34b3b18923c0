namespace CleanupTools;

/// <summary>
/// The lists an output object carries (paths, files, errors, patterns), shown as one line, "; "-joined, wherever a
/// list becomes text: Export-Csv, string conversion, a table cell. A plain array would show as "System.String[]".
/// JSON and PowerShell still see a list. Type name: CleanupTools.TextList.
/// </summary>
public sealed class TextList : List<string>
{
    public const string Separator = "; ";

    public TextList()
    {
    }

    public TextList(IEnumerable<string> items) : base(items)
    {
    }

    /// <summary>The items as a TextList, reusing one that already is.</summary>
    public static TextList Of(IEnumerable<string>? items) => items as TextList ?? new TextList(items ?? Array.Empty<string>());

    public override string ToString() => string.Join(Separator, this);
}
