using System.Text.Encodings.Web;
using System.Text.Json;

namespace CleanupTools.Reports;

/// <summary>
/// How every report is written: indented (compact for JSON Lines), and with offsets' '+' kept readable (reports go to files and pipes,
/// never into HTML). Writers, not reflection-based serialisation, so the CLI also works ahead-of-time compiled.
/// </summary>
public static class JsonOutput
{
    public static Utf8JsonWriter Create(Stream output, bool indented = true) =>
        new(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
