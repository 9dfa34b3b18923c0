namespace CleanupTools;

/// <summary>What a policy decides for one item.</summary>
public enum CleanupAction
{
    /// <summary>Nothing is deleted; the candidate's Reason says which rule keeps it.</summary>
    Keep,
    /// <summary>Delete the job's files; keep its record and configuration (successful jobs).</summary>
    DeleteData,
    /// <summary>Delete every file the job owns; keep the record and its error information (failed jobs).</summary>
    DeleteAll,
    /// <summary>Move the data into the backup root, from where it can be restored until the backups expire.</summary>
    Quarantine,
    /// <summary>A hold protects the item from every policy; it is never touched while the hold lasts.</summary>
    Held,
}
