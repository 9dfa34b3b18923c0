namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// Where a quarantined entry's move stands. The manifest names an entry (durably) before it is moved, so a run
/// killed at any moment leaves every entry it touched listed; the state says what <see cref="BackupReconciler"/>
/// must check on disk to know what really happened. Manifests written before states existed hold only moved entries.
/// </summary>
public enum BackupEntryState
{
    /// <summary>About to be renamed into the backup: a rename is atomic, so the entry is wholly at one of its two paths.</summary>
    Moving,
    /// <summary>Being copied across file systems: whatever sits at the backup path may be a partial copy.</summary>
    Copying,
    /// <summary>Copied completely (and fsynced); the original is being removed, and may still hold leftovers.</summary>
    Copied,
    /// <summary>In the backup and nowhere else.</summary>
    Moved,
}
