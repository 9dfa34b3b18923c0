namespace CleanupTools;

/// <summary>What happened to one job in a cleanup run.</summary>
public enum CleanupOutcome
{
    /// <summary>Every path was deleted (or already gone) and the record was marked cleaned.</summary>
    Deleted,
    /// <summary>Every path was moved into the backup root (restorable until the backups expire) and the record was marked cleaned.</summary>
    Quarantined,
    /// <summary>Dry run: the paths and sizes that a real run would delete.</summary>
    WouldDelete,
    /// <summary>Some paths were deleted, some failed; the record lists exactly what went and stays unmarked so the next run retries.</summary>
    Partial,
    /// <summary>Nothing was deleted because of an error (invalid name, permission, ...).</summary>
    Failed,
    /// <summary>Re-checked at deletion time and no longer eligible, or not eligible at all.</summary>
    Skipped,
}
