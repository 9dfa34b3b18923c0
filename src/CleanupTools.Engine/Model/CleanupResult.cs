namespace CleanupTools;

/// <summary>What one cleanup run did to one job. Type name is stable: CleanupTools.CleanupResult.</summary>
public sealed class CleanupResult
{
    /// <summary>The job's id; null for a file a path class matched (see <see cref="Target"/>).</summary>
    public required string? JobId { get; init; }
    public CleanupItemKind TargetKind { get; init; } = CleanupItemKind.Job;
    /// <summary>
    /// The job id, or the full path of a path-class item (JSON item). Not named Item: on an array PowerShell resolves
    /// .Item to the array's own IList.Item instead of enumerating each result's value.
    /// </summary>
    public string Target { get; init; } = "";
    /// <summary>The policy that decided.</summary>
    public string? Policy { get; init; }
    public required JobStatus Status { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required CleanupAction Action { get; init; }
    public required CleanupOutcome Outcome { get; init; }
    /// <summary>True when every data path of the job is gone (deleted now or already absent).</summary>
    public bool DataDeleted { get; init; }
    /// <summary>The job record and its configuration stay in the store.</summary>
    public bool ConfigPreserved { get; init; } = true;
    /// <summary>Deleted files, relative to their root's parent (e.g. uploads/dem.tif), as reference 000 reports them.</summary>
    public IReadOnlyList<string> FilesDeleted { get => _filesDeleted; init => _filesDeleted = TextList.Of(value); }
    private readonly TextList _filesDeleted = new();
    /// <summary>Deleted directories, relative to their root's parent (e.g. results/job-1).</summary>
    public IReadOnlyList<string> DirectoriesDeleted { get => _directoriesDeleted; init => _directoriesDeleted = TextList.Of(value); }
    private readonly TextList _directoriesDeleted = new();
    /// <summary>Disk space given back: deleted bytes. Data moved into the backup root frees nothing until its purge.</summary>
    public long BytesFreed { get; init; }
    /// <summary>Bytes moved into the backup root (a quarantine): still on disk, restorable until the backup is purged.</summary>
    public long BytesMoved { get; init; }
    public IReadOnlyList<string> Errors { get => _errors; init => _errors = TextList.Of(value); }
    private readonly TextList _errors = new();
    public required string Reason { get; init; }

    public double SizeFreedMB => Math.Round(BytesFreed / 1048576.0, 1);
    public double SizeMovedMB => Math.Round(BytesMoved / 1048576.0, 1);
}
