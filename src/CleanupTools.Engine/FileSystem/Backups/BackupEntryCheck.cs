namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// What a manifest entry must look like before any path is built from it: a manifest is a file on disk and
/// may have been edited, so its names get the same single-component rule as names from the job store.
/// </summary>
internal static class BackupEntryCheck
{
    public static string? Problem(BackupEntry entry)
    {
        if (PathGuard.Problem(entry.Root) is { } root) return $"root '{entry.Root}' {root}";
        if (PathGuard.Problem(entry.Name) is { } name) return $"name '{entry.Name}' {name}";
        // The layout is fixed (<root>/<name>), so anything else in backup_path is refused rather than interpreted.
        if (entry.BackupPath != ExpectedBackupPath(entry.Root, entry.Name))
            return $"backup_path '{entry.BackupPath}' is not '{ExpectedBackupPath(entry.Root, entry.Name)}'";
        if (!Path.IsPathFullyQualified(entry.OriginalPath) || entry.OriginalPath.Contains('\0'))
            return $"original_path '{entry.OriginalPath}' is not an absolute path";
        if (Path.GetFullPath(entry.OriginalPath) != entry.OriginalPath)
            return $"original_path '{entry.OriginalPath}' is not normalised";
        if (Path.GetFileName(entry.OriginalPath) != entry.Name)
            return $"original_path '{entry.OriginalPath}' does not end in the entry's name '{entry.Name}'";
        return null;
    }

    public static string ExpectedBackupPath(string root, string name) => $"{root}/{name}";
}
