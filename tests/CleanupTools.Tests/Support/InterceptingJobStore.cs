using CleanupTools.Policies;
using CleanupTools.Stores;

namespace CleanupTools.Tests.Support;

/// <summary>
/// A real store (SQLite or PostgreSQL) seen through a wrapper that lets a test act at a chosen moment of a run: just
/// before a read of some ids, or just before a batch is recorded. The action changes the real database and the real
/// files, as the application would; every call then goes to the real store unchanged. Not a mock: nothing is faked.
/// </summary>
public sealed class InterceptingJobStore : IJobStore
{
    private readonly IJobStore _store;

    public InterceptingJobStore(IJobStore store) => _store = store;

    /// <summary>Runs before every <see cref="GetJobs"/>, with the ids asked for.</summary>
    public Action<IReadOnlyCollection<string>>? BeforeGetJobs { get; set; }

    /// <summary>Runs before every <see cref="RecordCleanups(IReadOnlyList{JobCleanupRecord}, IReadOnlyList{CleanupAuditEntry})"/>, with the records.</summary>
    public Action<IReadOnlyList<JobCleanupRecord>>? BeforeRecord { get; set; }

    /// <summary>Every id list <see cref="GetJobs"/> was asked for, in order.</summary>
    public List<string[]> Reads { get; } = new();

    public IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids)
    {
        lock (Reads) Reads.Add(ids.ToArray());
        BeforeGetJobs?.Invoke(ids);
        return _store.GetJobs(ids);
    }

    public IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records, IReadOnlyList<CleanupAuditEntry> audit)
    {
        BeforeRecord?.Invoke(records);
        return _store.RecordCleanups(records, audit);
    }

    public IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records) => RecordCleanups(records, Array.Empty<CleanupAuditEntry>());

    public string Description => _store.Description;
    public IReadOnlyList<string> Migrations => _store.Migrations;
    public long CountJobs(JobQuery query) => _store.CountJobs(query);
    public long CountJobsWithoutId(JobQuery query) => _store.CountJobsWithoutId(query);
    public IEnumerable<JobRecord> StreamJobs(JobQuery query, int batchSize) => _store.StreamJobs(query, batchSize);
    public IReadOnlyList<string> FindJobIds(string prefix, int limit) => _store.FindJobIds(prefix, limit);
    public IReadOnlyList<JobRecord> GetJobsByUpload(IReadOnlyCollection<string> uploadNames) => _store.GetJobsByUpload(uploadNames);
    public IReadOnlyCollection<string> SharedUploadNames() => _store.SharedUploadNames();
    public void PrepareForWrites() => _store.PrepareForWrites();
    public void ClearCleanedMarks(IReadOnlyDictionary<string, string> summaries, IReadOnlyList<CleanupAuditEntry> audit) => _store.ClearCleanedMarks(summaries, audit);
    public void AppendAudit(IReadOnlyList<CleanupAuditEntry> entries) => _store.AppendAudit(entries);
    public IReadOnlyList<CleanupAuditEntry> QueryAudit(AuditQuery query) => _store.QueryAudit(query);
    public IReadOnlyList<StoredPolicy> GetStoredPolicies() => _store.GetStoredPolicies();
    public void SavePolicy(StoredPolicy policy) => _store.SavePolicy(policy);
    public void SavePolicies(IReadOnlyList<StoredPolicy> save, IReadOnlyCollection<string> delete) => _store.SavePolicies(save, delete);
    public int DeleteStoredPolicies(IReadOnlyCollection<string>? names) => _store.DeleteStoredPolicies(names);
    public IReadOnlyList<CleanupHold> GetHolds() => _store.GetHolds();
    public CleanupHold SaveHold(CleanupHold hold) => _store.SaveHold(hold);
    public int RemoveHolds(IReadOnlyCollection<long> ids) => _store.RemoveHolds(ids);
    public IDisposable AcquireRunLock(RunHolder holder, TimeSpan wait, CancellationToken cancellation) => _store.AcquireRunLock(holder, wait, cancellation);

    public IReadOnlyList<JobRecord> ClaimJobs(string worker, IReadOnlyCollection<string> rawStatuses, string? afterId, int limit, DateTimeOffset now, DateTimeOffset until) =>
        _store.ClaimJobs(worker, rawStatuses, afterId, limit, now, until);

    public void ReleaseClaims(string worker, IReadOnlyCollection<string> ids) => _store.ReleaseClaims(worker, ids);
    public void Dispose() => _store.Dispose();
}
