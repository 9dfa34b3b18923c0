namespace CleanupTools.FileSystem.Backups;

/// <summary>
/// What reconciling one run found. <see cref="Manifest"/> is the run as it stands once settled (written, or with
/// apply off only computed): every intent decided, every adoptable unlisted entry listed. <see cref="Unresolved"/>
/// names what could not be decided; such a run is never purged, since guessing could delete the only copy.
/// </summary>
public sealed class ReconcileOutcome
{
    public required BackupManifest Manifest { get; init; }
    /// <summary>What was (or, without apply, would be) settled, one sentence each.</summary>
    public required IReadOnlyList<string> Changes { get; init; }
    public required IReadOnlyList<string> Unresolved { get; init; }
    /// <summary>Another process holds the run directory (a run still moving entries into it): nothing was judged.</summary>
    public bool Busy { get; init; }
    /// <summary>Errors met while applying (the manifest or a partial copy could not be written or removed).</summary>
    public IReadOnlyList<string> Errors { get; init; } = Array.Empty<string>();
}
