namespace CleanupTools.Configuration;

/// <summary>A snapshot of the variables a run reads, so tests inject their own and a run sees one consistent view.</summary>
public sealed class EnvironmentReader
{
    private readonly IReadOnlyDictionary<string, string?> _values;

    public EnvironmentReader(IReadOnlyDictionary<string, string?> values) => _values = values;

    public static EnvironmentReader Empty { get; } = new(new Dictionary<string, string?>());

    public static EnvironmentReader FromProcess()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            values[(string)entry.Key] = entry.Value as string;
        return new EnvironmentReader(values);
    }

    /// <summary>The first of <paramref name="names"/> that is set to a non-blank value, with the name it came from.</summary>
    public (string Name, string Value)? First(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
                return (name, value);
        }
        return null;
    }
}
