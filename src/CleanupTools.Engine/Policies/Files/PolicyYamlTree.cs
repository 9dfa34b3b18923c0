using System.Text.RegularExpressions;
using CleanupTools.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CleanupTools.Policies.Files;

/// <summary>A node of a policy file, with the line and column (both 1-based) where it starts.</summary>
internal abstract record YamlNode(int Line, int Column)
{
    public abstract string Kind { get; }
}

internal sealed record YamlScalar(string Value, bool Plain, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Kind => "a value";

    /// <summary>A plain scalar with no text (`key:` with nothing after it, or `~`/`null`): YAML's null.</summary>
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Kind => "a mapping (key: value lines)";
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Kind => "a list";
}

/// <summary>
/// Reads a policy file into a small tree from YamlDotNet's parser events, never its object model or deserializer,
/// so hostile input stays bounded: the text is at most <see cref="MaxBytes"/>, anchors and aliases are refused
/// where they appear (no alias is ever expanded, so a "billion laughs" file costs one pass over its text), as are
/// explicit tags, more than one document, nesting deeper than <see cref="MaxDepth"/>, more than
/// <see cref="MaxNodes"/> nodes, duplicate keys, keys that are not plain text, and tabs in indentation.
/// Every error names the line and the key it is under.
/// </summary>
internal static partial class PolicyYamlTree
{
    /// <summary>1 MiB: a policy file is a few kilobytes; anything near this is not one.</summary>
    public const int MaxBytes = 1024 * 1024;
    public const int MaxDepth = 16;
    public const int MaxNodes = 20_000;

    public static YamlMapping Parse(string text, string source)
    {
        if (text.Length > MaxBytes)
            throw new ConfigurationException($"{source} is larger than {MaxBytes / 1024} KiB; a policy file is a few kilobytes. Nothing was imported.");
        CheckIndentation(text, source);

        var builder = new Builder(source);
        try
        {
            var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
            while (parser.MoveNext()) builder.Add(parser.Current!);
        }
        catch (YamlException e)
        {
            throw builder.Error(e.Start.Line, e.Start.Column, $"is not valid YAML here: {Detail(e.Message)}");
        }
        return builder.Root ?? throw new ConfigurationException($"{source} holds no settings: expected 'retention:' or 'policies:' (see 'cleanuptools policy export'). Nothing was imported.");
    }

    /// <summary>The error location of a key, for messages: "FILE, line L, column C: a.b.c: problem".</summary>
    public static string At(string source, int line, int column, string path, string problem) =>
        $"{source}, line {line}, column {column}: {(path.Length == 0 ? "(top level)" : path)}: {problem}";

    /// <summary>YAML indents with spaces only; a tab there is refused with its line before the parser sees it.</summary>
    private static void CheckIndentation(string text, string source)
    {
        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var indent = raw.Length - raw.TrimStart(' ', '\t').Length;
            var tab = raw.IndexOf('\t', 0, indent);
            if (tab < 0 || raw.Trim().Length == 0) continue;
            var content = raw.Trim();
            var key = KeyOfLine().Match(content) is { Success: true } m ? m.Groups[1].Value : content.Length > 40 ? content[..40] : content;
            throw new ConfigurationException(At(source, line, tab + 1, key, "is indented with a tab; YAML indents with spaces only. Nothing was imported."));
        }
    }

    private static string Detail(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): "; the location is said once, by us.
        var stripped = LocationPrefix().Replace(message, "");
        return stripped.Trim().TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex LocationPrefix();

    [GeneratedRegex(@"^-?\s*([^:#\s][^:#]*?)\s*:")]
    private static partial Regex KeyOfLine();

    /// <summary>Turns the event stream into nodes, keeping the path of keys for messages.</summary>
    private sealed class Builder
    {
        private readonly string _source;
        private readonly Stack<Frame> _open = new();
        private int _nodes;
        private int _documents;

        public Builder(string source) => _source = source;

        public YamlMapping? Root { get; private set; }

        private sealed class Frame
        {
            public required string Path { get; init; }
            public required int Line { get; init; }
            public required int Column { get; init; }
            public List<KeyValuePair<YamlScalar, YamlNode>>? Entries { get; init; }
            public Dictionary<string, int>? Seen { get; init; }
            public List<YamlNode>? Items { get; init; }
            public YamlScalar? PendingKey { get; set; }
            public string? LastKey { get; set; }
        }

        /// <summary>The dotted path of the key being read (a.b[2].c), for messages.</summary>
        private string CurrentPath
        {
            get
            {
                if (_open.Count == 0) return "";
                var top = _open.Peek();
                if (top.Entries is not null && (top.PendingKey?.Value ?? top.LastKey) is { } key) return Join(top.Path, key);
                if (top.Items is not null) return $"{top.Path}[{top.Items.Count}]";
                return top.Path;
            }
        }

        public ConfigurationException Error(long line, long column, string problem) =>
            new(At(_source, (int)line, (int)column, CurrentPath, problem + " Nothing was imported."));

        public void Add(ParsingEvent e)
        {
            switch (e)
            {
                case StreamStart or StreamEnd or DocumentEnd:
                    return;
                case DocumentStart:
                    if (++_documents > 1)
                        throw Error(e.Start.Line, e.Start.Column, "a second YAML document ('---'); a policy file is one document.");
                    return;
                case AnchorAlias alias:
                    throw Error(e.Start.Line, e.Start.Column, $"uses the alias *{alias.Value}; anchors and aliases are not accepted in a policy file (write each value out).");
                case NodeEvent node when !node.Anchor.IsEmpty:
                    throw Error(e.Start.Line, e.Start.Column, $"defines the anchor &{node.Anchor}; anchors and aliases are not accepted in a policy file (write each value out).");
                case NodeEvent node when !node.Tag.IsEmpty && !node.Tag.IsNonSpecific:
                    throw Error(e.Start.Line, e.Start.Column, $"has the explicit tag {node.Tag}; tags are not accepted in a policy file.");
            }

            switch (e)
            {
                case Scalar scalar:
                    Count(e);
                    Place(new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, (int)e.Start.Line, (int)e.Start.Column));
                    break;
                case MappingStart:
                    Count(e);
                    Open(e, isMapping: true);
                    break;
                case SequenceStart:
                    Count(e);
                    Open(e, isMapping: false);
                    break;
                case MappingEnd:
                {
                    var frame = _open.Pop();
                    Place(new YamlMapping(frame.Entries!, frame.Line, frame.Column));
                    break;
                }
                case SequenceEnd:
                {
                    var frame = _open.Pop();
                    Place(new YamlSequence(frame.Items!, frame.Line, frame.Column));
                    break;
                }
                default:
                    throw Error(e.Start.Line, e.Start.Column, $"holds YAML that a policy file does not use ({e.GetType().Name}).");
            }
        }

        private void Count(ParsingEvent e)
        {
            if (++_nodes > MaxNodes)
                throw Error(e.Start.Line, e.Start.Column, $"the file has more than {MaxNodes} values; a policy file has a few dozen.");
        }

        private void Open(ParsingEvent e, bool isMapping)
        {
            if (_open.Count >= MaxDepth)
                throw Error(e.Start.Line, e.Start.Column, $"nests deeper than {MaxDepth} levels; a policy file nests three.");
            if (_open.Count > 0 && _open.Peek() is { Entries: not null, PendingKey: null })
                throw Error(e.Start.Line, e.Start.Column, "a key must be a plain name, not a list or mapping.");
            if (_open.Count == 0 && !isMapping)
                throw Error(e.Start.Line, e.Start.Column, "the file must be a mapping of sections (retention:, policies:, ...), not a list.");
            _open.Push(new Frame
            {
                Path = CurrentPath,
                Line = (int)e.Start.Line,
                Column = (int)e.Start.Column,
                Entries = isMapping ? new List<KeyValuePair<YamlScalar, YamlNode>>() : null,
                Seen = isMapping ? new Dictionary<string, int>(StringComparer.Ordinal) : null,
                Items = isMapping ? null : new List<YamlNode>(),
            });
        }

        private void Place(YamlNode node)
        {
            if (_open.Count == 0)
            {
                Root = node as YamlMapping
                    ?? throw Error(node.Line, node.Column, "the file must be a mapping of sections (retention:, policies:, ...), not a single value.");
                return;
            }
            var top = _open.Peek();
            if (top.Items is not null)
            {
                top.Items.Add(node);
                return;
            }
            if (top.PendingKey is null)
            {
                // A scalar in key position (a mapping or list there was refused when it opened).
                var key = (YamlScalar)node;
                if (key.IsNull && key.Value.Length == 0)
                    throw Error(key.Line, key.Column, "an empty key.");
                if (top.Seen!.TryGetValue(key.Value, out var firstLine))
                {
                    top.PendingKey = key;
                    throw Error(key.Line, key.Column, $"is given twice (first on line {firstLine}); each key may appear once.");
                }
                top.Seen[key.Value] = key.Line;
                top.PendingKey = key;
                return;
            }
            top.Entries!.Add(new KeyValuePair<YamlScalar, YamlNode>(top.PendingKey, node));
            top.LastKey = top.PendingKey.Value;
            top.PendingKey = null;
        }
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
