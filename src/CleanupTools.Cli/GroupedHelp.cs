using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;

namespace CleanupTools.Cli;

/// <summary>
/// Help with each command's options under their headings (<see cref="HelpSections"/>). System.CommandLine 2.0 keeps
/// its help builder internal, so this writes the same layout (description, usage, commands, options) itself.
/// </summary>
public sealed class GroupedHelp : SynchronousCommandLineAction
{
    private const int FirstColumnLimit = 42;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        Console.Out.Write(Text(parseResult.CommandResult.Command, Width()));
        return 0;
    }

    public static string Text(Command command, int width)
    {
        var text = new StringBuilder();
        if (command.Description is { Length: > 0 } description)
        {
            text.AppendLine("Description:");
            foreach (var line in Wrap(description, width - 2)) text.Append("  ").AppendLine(line);
            text.AppendLine();
        }
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        text.AppendLine("Usage:");
        text.Append("  ").Append(string.Join(' ', Path(command)));
        if (subcommands.Count > 0) text.Append(" [command]");
        text.AppendLine(" [options]").AppendLine();

        var sections = new List<(string Heading, List<(string Name, string Description)> Rows)>();
        if (subcommands.Count > 0)
            sections.Add(("Commands", subcommands.Select(c => (c.Name, c.Description ?? "")).ToList()));
        var options = Visible(command).ToList();
        foreach (var heading in HelpSections.Order)
        {
            var rows = options.Where(o => HelpSections.Of(o) == heading).Select(o => (Label(o), Describe(o))).ToList();
            if (rows.Count > 0) sections.Add((heading, rows));
        }
        var first = Math.Min(FirstColumnLimit, sections.SelectMany(s => s.Rows).Max(r => r.Name.Length));
        foreach (var (heading, rows) in sections)
        {
            text.Append(heading).AppendLine(":");
            foreach (var (name, about) in rows)
            {
                var lines = Wrap(about, Math.Max(20, width - first - 6));
                if (name.Length > first)
                {
                    text.Append("  ").AppendLine(name);
                    foreach (var line in lines) text.Append(' ', first + 4).AppendLine(line);
                    continue;
                }
                text.Append("  ").Append(name.PadRight(first + 2)).AppendLine(lines.FirstOrDefault() ?? "");
                foreach (var line in lines.Skip(1)) text.Append(' ', first + 4).AppendLine(line);
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>The command's options and those of its parents that apply to it (help, and the root's version on the root).</summary>
    private static IEnumerable<Option> Visible(Command command)
    {
        var own = command.Options.Where(o => !o.Hidden);
        var inherited = command.Parents.OfType<Command>().SelectMany(Ancestors).SelectMany(c => c.Options).Where(o => o.Recursive && !o.Hidden);
        return own.Concat(inherited.Where(o => !own.Contains(o))).Distinct();
    }

    private static IEnumerable<Command> Ancestors(Command command) =>
        new[] { command }.Concat(command.Parents.OfType<Command>().SelectMany(Ancestors));

    private static IEnumerable<string> Path(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() is { } parent ? Path(parent).Append(command.Name) : new[] { command.Name };

    private static string Label(Option option)
    {
        // Windows-style /h and /? work but are not advertised, as System.CommandLine's own help does.
        var names = new[] { option.Name }.Concat(option.Aliases).Where(n => !n.StartsWith('/')).Distinct()
            .OrderBy(n => n.StartsWith("--", StringComparison.Ordinal) ? 1 : 0);
        var label = string.Join(", ", names);
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var element = type.IsArray ? type.GetElementType()! : type;
        if (option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool)) return label;
        var value = element == typeof(bool) ? "true|false"
            : element.IsEnum ? string.Join('|', Enum.GetNames(element))
            : option.HelpName ?? option.Name.TrimStart('-');
        return $"{label} <{value}>";
    }

    private static string Describe(Option option) => (option.Description ?? "") + (option.Required ? " (REQUIRED)" : "");

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    private static int Width()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 120 : Math.Max(60, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
