using System.Globalization;
using System.Text;

namespace CleanupTools.Policies.Files;

/// <summary>
/// Writes policies in the full form <see cref="PolicyFileReader"/> reads, one block per policy in the order given,
/// every field spelled out (so importing the file sets each policy exactly, whatever the store held before), text
/// values double-quoted with YAML escapes, "\n" line ends and no timestamp: the same policies always give the same
/// text, so export, import into a fresh store, export again gives identical files. Policies hold no secrets and no
/// connection settings are written.
/// </summary>
public static class PolicyFileWriter
{
    public const string Header =
        "# CleanupTools retention policies.\n" +
        "# Import: cleanuptools policy import --file FILE, or Import-RetentionPolicy -Path FILE.\n" +
        "# retention: a whole number and a unit, d (days), h (hours), m (minutes) or s (seconds).\n";

    public static string Write(IEnumerable<RetentionPolicy> policies)
    {
        var text = new StringBuilder(Header);
        text.Append("policies:\n");
        var any = false;
        foreach (var policy in policies)
        {
            any = true;
            text.Append("  ").Append(policy.Name).Append(":\n");
            void Field(string key, string value) => text.Append("    ").Append(key).Append(": ").Append(value).Append('\n');

            switch (policy.TargetKind)
            {
                case PolicyTargetKind.Component:
                    Field("component", Word(policy.Component!.Value));
                    if (policy.Status is { } status) Field("status", Word(status));
                    break;
                case PolicyTargetKind.PathClass:
                    if (policy.Root is { } root) Field("root", Quote(root));
                    text.Append("    patterns:\n");
                    foreach (var pattern in policy.Patterns) text.Append("      - ").Append(Quote(pattern)).Append('\n');
                    if (policy.MatchStatus is { } match) Field("match_status", Quote(match));
                    break;
            }
            Field("retention", PolicyFileRetention.Format(policy.Retention));
            Field("action", Word(policy.Action));
            Field("enabled", policy.Enabled ? "true" : "false");
            // Keep-newest belongs to job-status policies only (the policy rules refuse it elsewhere).
            if (policy.TargetKind == PolicyTargetKind.JobStatus)
            {
                Field("keep_newest", (policy.KeepNewest ?? 0).ToString(CultureInfo.InvariantCulture));
                Field("keep_newest_per_workflow", policy.KeepNewestPerWorkflow ? "true" : "false");
            }
            if (policy.Description is { } description) Field("description", Quote(description));
        }
        // "policies:" with nothing under it would read as null: an empty export is an empty mapping.
        if (!any) text.Length -= 1;
        if (!any) text.Append(" {}\n");
        return text.ToString();
    }

    /// <summary>DeleteData → delete_data.</summary>
    internal static string Word<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) word.Append('_');
            word.Append(char.ToLowerInvariant(name[i]));
        }
        return word.ToString();
    }

    /// <summary>A YAML double-quoted scalar: backslash and quote escaped, every control or line-separator character as \uXXXX.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                case '\r': text.Append("\\r"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029' or '\uFEFF')
                        text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
