namespace CleanupTools;

/// <summary>Why a run happened, as reference 001's --type records it in the audit trail.</summary>
public enum CleanupTrigger
{
    /// <summary>Started by hand (the default for interactive use).</summary>
    Manual,
    /// <summary>Started by a scheduler (cron, a scheduled task).</summary>
    Automatic,
    /// <summary>A disk is filling: quarantine becomes deletion, because moving data on the same disk frees nothing.</summary>
    Emergency,
}
