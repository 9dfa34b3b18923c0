namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// What restoring one entry did, or with measure-only would do. <see cref="Error"/> is a refusal made before
/// anything changed; <see cref="Errors"/> are IO failures met while acting.
/// </summary>
public sealed class RestoreOutcome
{
    public required BackupEntry Entry { get; init; }
    /// <summary>Null when the restore is (or, measuring only, would be) allowed.</summary>
    public string? Error { get; init; }
    /// <summary>True when the entry is back at its original path.</summary>
    public bool Restored { get; init; }
    /// <summary>An older entry at the original path is (or would be) deleted first; only with force.</summary>
    public bool ReplacesExisting { get; init; }
    public MoveMethod Method { get; init; }
    /// <summary>The run directory held nothing else and was removed.</summary>
    public bool RunRemoved { get; init; }
    public long Bytes { get; init; }
    public long Files { get; init; }
    public long Directories { get; init; }
    public required IReadOnlyList<string> Errors { get; init; }

    public bool Succeeded => Error is null && Errors.Count == 0;
}
