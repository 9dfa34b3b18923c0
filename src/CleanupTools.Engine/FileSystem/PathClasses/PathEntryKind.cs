namespace CleanupTools.FileSystem.PathClasses;

/// <summary>What a scanned entry is in itself (lstat semantics: a link is a link, whatever it points at).</summary>
public enum PathEntryKind
{
    File,
    Directory,
    Link,
}
