using CleanupTools.Policies;

namespace CleanupTools.Stores;

/// <summary>
/// The contract every job store (SQLite, PostgreSQL) fulfils. Reads never change the store; the first write
/// migrates it (adds the cleanup columns, index and policy table), so a dry run leaves it byte-identical.
/// </summary>
public interface IJobStore : IDisposable
{
    /// <summary>Where the store is, for messages; never contains a secret.</summary>
    string Description { get; }

    long CountJobs(JobQuery query);

    /// <summary>Streams rows in id order, one keyset page of <paramref name="batchSize"/> at a time.</summary>
    IEnumerable<JobRecord> StreamJobs(JobQuery query, int batchSize);

    /// <summary>Re-reads the given jobs as they are now; unknown ids are simply absent.</summary>
    IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids);

    /// <summary>Jobs whose upload (dem_filename) is one of the given names; empty when the store has no such column.</summary>
    IReadOnlyList<JobRecord> GetJobsByUpload(IReadOnlyCollection<string> uploadNames);

    /// <summary>Writes the outcome of acted-on jobs in one transaction.</summary>
    void RecordCleanups(IReadOnlyList<JobCleanupRecord> records);

    IReadOnlyList<StoredPolicy> GetStoredPolicies();

    void SavePolicy(StoredPolicy policy);

    /// <summary>Schema changes the first write made (columns, indexes, tables), for the run to report.</summary>
    IReadOnlyList<string> Migrations { get; }
}
