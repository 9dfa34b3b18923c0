namespace CleanupTools.FileSystem.Backups;

/// <summary>What quarantining one target found and did. Per-item IO failures land in <see cref="Errors"/>, never in exceptions.</summary>
public sealed class QuarantineOutcome
{
    public required DeletionTarget Target { get; init; }
    public bool Existed { get; init; }
    /// <summary>True when the entry is now in the backup (the original may still hold leftovers: see <see cref="Errors"/>).</summary>
    public bool Moved { get; init; }
    public MoveMethod Method { get; init; }
    /// <summary>The manifest record, set whenever <see cref="Moved"/> is.</summary>
    public BackupEntry? Entry { get; init; }
    public long Bytes { get; init; }
    public long Files { get; init; }
    public long Directories { get; init; }
    public required IReadOnlyList<string> Errors { get; init; }

    public bool Succeeded => Errors.Count == 0;
}
