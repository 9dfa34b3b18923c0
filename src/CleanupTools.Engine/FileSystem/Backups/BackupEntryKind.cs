namespace CleanupTools.FileSystem.Backups;

/// <summary>What a quarantined entry was; a link is always kept as a link, never as what it pointed to.</summary>
public enum BackupEntryKind
{
    Directory,
    File,
    Link,
}
