using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>
/// What one pass (a run, a preview) has learnt about who still needs each upload, kept across its batches so that
/// thousands of jobs sharing one upload do not make every batch read and evaluate all of that upload's users again
/// (issue 8 item 9: quadratic).
/// </summary>
internal sealed class UploadHolders
{
    private readonly Lazy<IReadOnlyCollection<string>>? _sharedNames;

    private UploadHolders(Lazy<IReadOnlyCollection<string>>? sharedNames) => _sharedNames = sharedNames;

    /// <summary>
    /// For a pass that deletes nothing: the store's shared upload names are read once, and each one's holders are
    /// worked out once for the whole pass, as candidates does.
    /// </summary>
    public static UploadHolders ForPreview(IJobStore store) => new(new Lazy<IReadOnlyCollection<string>>(store.SharedUploadNames));

    /// <summary>For a deleting run: every batch checks its uploads against the store as it is now; remembered holders are only re-read.</summary>
    public static UploadHolders AtDeletionTime() => new(null);

    public bool IsPreview => _sharedNames is not null;

    public IReadOnlyCollection<string>? SharedNames => _sharedNames?.Value;

    /// <summary>
    /// Up to two jobs that needed each upload when last looked at. A preview keeps every name it looked up; a deleting
    /// run keeps only shared uploads that someone held, so distinct uploads do not make the memory grow with the run.
    /// </summary>
    public Dictionary<string, JobRecord[]> Known { get; } = new(StringComparer.Ordinal);
}
