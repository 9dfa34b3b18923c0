namespace CleanupTools.Stores;

/// <summary>
/// Reads job rows on a connection of its own (<see cref="IJobStore.OpenJobReader"/>), so that a run's workers can
/// re-read each job just before deleting it while the store's own connection serves the run's calling thread (the
/// next batch planned, the last one recorded). One thread at a time per reader.
/// </summary>
public interface IJobReader : IDisposable
{
    /// <summary>The rows carrying these ids now, as <see cref="IJobStore.GetJobs"/> reads them.</summary>
    IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids);
}
