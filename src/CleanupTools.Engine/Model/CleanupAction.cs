namespace CleanupTools;

/// <summary>What a policy decides for one job.</summary>
public enum CleanupAction
{
    /// <summary>Nothing is deleted; the candidate's Reason says which rule keeps it.</summary>
    Keep,
    /// <summary>Delete the job's files; keep its record and configuration (successful jobs).</summary>
    DeleteData,
    /// <summary>Delete every file the job owns; keep the record and its error information (failed jobs).</summary>
    DeleteAll,
}
