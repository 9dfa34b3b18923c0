namespace CleanupTools.FileSystem;

/// <summary>What deleting (or, in a dry run, measuring) one target found and did.</summary>
public sealed class DeletionOutcome
{
    public required DeletionTarget Target { get; init; }
    public bool Existed { get; init; }
    public bool WasDirectory { get; init; }
    public bool WasLink { get; init; }
    /// <summary>True when the target is gone afterwards (or was never there).</summary>
    public bool Removed { get; init; }
    public required TreeTally Tally { get; init; }

    public bool Succeeded => Tally.Errors.Count == 0;
}
