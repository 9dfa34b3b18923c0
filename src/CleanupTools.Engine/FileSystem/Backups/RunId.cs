namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// The only names a run directory may have. Purge deletes by these names alone, so anything else placed in
/// the backup root (by hand, by another tool) is never touched.
/// </summary>
internal static class RunId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
