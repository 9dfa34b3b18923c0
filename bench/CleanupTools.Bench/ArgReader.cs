using System.Globalization;

namespace CleanupTools.Bench;

/// <summary>Reads `--name value` and `--name=value` options in order; every message names the option.</summary>
internal sealed class ArgReader
{
    private readonly string[] _args;
    private int _index = -1;
    private string? _inline;

    public ArgReader(string[] args) => _args = args;

    /// <summary>The current option's name, without an inline value.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The current argument as given, for "unknown argument" messages.</summary>
    public string Given => _args[_index];

    public bool Next()
    {
        if (++_index >= _args.Length) return false;
        var arg = _args[_index];
        _inline = null;
        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is > 2 and var eq)
        {
            _inline = arg[(eq + 1)..];
            arg = arg[..eq];
        }
        Name = arg;
        return true;
    }

    public string Value() => _inline ?? (++_index < _args.Length ? _args[_index] : throw new ArgumentException($"{Name} needs a value"));

    public int Int(int min) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
        ? v : throw new ArgumentException($"{Name} needs an integer >= {min}");

    /// <summary>A comma-separated list of positive counts; '_' may group digits (1_000_000).</summary>
    public int[] Counts()
    {
        var counts = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{Name}: bad count '{s}'"))
            .ToArray();
        return counts.Length > 0 ? counts : throw new ArgumentException($"{Name} is empty");
    }
}
