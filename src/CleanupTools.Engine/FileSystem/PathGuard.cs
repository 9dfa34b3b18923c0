using CleanupTools.Configuration;

namespace CleanupTools.FileSystem;

/// <summary>
/// Turns names read from the store (job ids, upload file names) into paths, allowing only a single plain
/// component directly under its root. A separator, '..', a rooted name or a NUL is refused rather than
/// "cleaned up": the database is input, and hostile input must fail loudly.
/// </summary>
public static class PathGuard
{
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "is empty";
        if (name.Contains('\0')) return "contains a NUL character";
        if (name is "." or "..") return "is a relative directory reference";
        if (name.Contains('/') || name.Contains('\\')) return "contains a path separator";
        if (Path.IsPathRooted(name)) return "is a rooted path";
        if (name.Trim().Length == 0) return "is blank";
        return null;
    }

    public static DeletionTarget Resolve(StorageRoot root, string? name, string what)
    {
        if (Problem(name) is { } problem)
            throw new UnsafePathException($"The {what} '{StorageRoot.Printable(name)}' {problem}; refusing to build a path from it under {root.Name}.");
        var full = Path.GetFullPath(Path.Join(root.Path, name));
        // Belt and braces: after normalisation the path must still sit directly in the root.
        if (!string.Equals(Path.GetDirectoryName(full), root.Path, StringComparison.Ordinal))
            throw new UnsafePathException($"The {what} '{name}' resolves to '{full}', outside {root.Path}.");
        return new DeletionTarget(root, name!, full);
    }
}
