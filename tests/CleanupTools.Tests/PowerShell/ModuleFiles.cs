using System.Text.RegularExpressions;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PowerShell;

/// <summary>The module's non-compiled files, where PowerShell (and build.ps1 -Task Package) expect them.</summary>
public static class ModuleFiles
{
    public static string Manifest => Path.Combine(TestPaths.RepoRoot, "CleanupTools.psd1");
    public static string FormatFile => Path.Combine(TestPaths.RepoRoot, "module", "CleanupTools.format.ps1xml");
    public static string HelpDirectory => Path.Combine(TestPaths.RepoRoot, "module", "en-US");
    public static string AboutTopic => Path.Combine(HelpDirectory, "about_CleanupTools.help.txt");
    public static string DirectoryBuildProps => Path.Combine(TestPaths.RepoRoot, "Directory.Build.props");

    /// <summary>PowerShell looks for a binary module's cmdlet help in &lt;culture&gt;/&lt;assembly file name&gt;-Help.xml.</summary>
    public static string MamlFor(string assemblyFileName) => Path.Combine(HelpDirectory, $"{assemblyFileName}-Help.xml");
}

/// <summary>
/// Reads the top-level keys of a module manifest (a PowerShell data file) without PowerShell: single-quoted string
/// values and @( ... ) arrays of single-quoted strings. Comment lines are ignored. Enough for the keys the module uses;
/// anything it cannot read is reported as missing rather than guessed.
/// </summary>
public sealed class ManifestText
{
    private readonly string _text;

    public ManifestText(string path)
    {
        _text = string.Join('\n', File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith('#')));
    }

    public bool Has(string key) => Regex.IsMatch(_text, $@"^\s*{key}\s*=", RegexOptions.Multiline);

    public string? String(string key)
    {
        var match = Regex.Match(_text, $@"^\s*{key}\s*=\s*'([^']*)'\s*$", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    public IReadOnlyList<string>? Array(string key)
    {
        var match = Regex.Match(_text, $@"^\s*{key}\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline);
        if (!match.Success) return null;
        var body = match.Groups[1].Value;
        var items = Regex.Matches(body, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
        // Anything but quoted strings, commas and whitespace (a variable, a wildcard expression) is not a plain list.
        var rest = Regex.Replace(body, "'[^']*'", "").Replace(",", "").Trim();
        return rest.Length == 0 ? items : null;
    }
}
