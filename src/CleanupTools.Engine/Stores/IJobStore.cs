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

    /// <summary>Rows the query selects that have an id; a row whose id is NULL is no job the tool can name or act on.</summary>
    long CountJobs(JobQuery query);

    /// <summary>
    /// Rows the query selects whose id is NULL (an id column without a NOT NULL rule): never streamed, claimed or
    /// counted as jobs, so a run says how many it passed over instead of silently missing them.
    /// </summary>
    long CountJobsWithoutId(JobQuery query);

    /// <summary>
    /// Streams rows with an id in id order, one keyset page of <paramref name="batchSize"/> at a time. Rows that share
    /// an id (an id column without a unique rule) come one after the other.
    /// </summary>
    IEnumerable<JobRecord> StreamJobs(JobQuery query, int batchSize);

    /// <summary>
    /// At most <paramref name="limit"/> job ids that start with <paramref name="prefix"/> (ignoring ASCII case; '%', '_'
    /// and '\' match only themselves), cleaned jobs included, highest id first: newest first where ids grow with time,
    /// as reference 000's timestamped ids do. One bounded read in the id column's order, for tab completion.
    /// </summary>
    IReadOnlyList<string> FindJobIds(string prefix, int limit);

    /// <summary>Re-reads the given jobs as they are now; unknown ids are simply absent.</summary>
    IReadOnlyList<JobRecord> GetJobs(IReadOnlyCollection<string> ids);

    /// <summary>
    /// A reader of job rows on a connection of its own, for one worker of a run at a time; null when the store has
    /// only its one connection (the run's workers then take turns on it with the calling thread).
    /// </summary>
    IJobReader? OpenJobReader() => null;

    /// <summary>Jobs whose upload (dem_filename) is one of the given names; empty when the store has no such column.</summary>
    IReadOnlyList<JobRecord> GetJobsByUpload(IReadOnlyCollection<string> uploadNames);

    /// <summary>
    /// The upload names (dem_filename) that more than one job names, in one aggregate pass: a preview checks only
    /// those for a job that still needs them, instead of querying per job.
    /// </summary>
    IReadOnlyCollection<string> SharedUploadNames();

    /// <summary>
    /// Writes the outcome of acted-on jobs, clearing any claim on those rows, and the audit rows that describe
    /// them, in one transaction: the store never says a thing was done without its audit row, nor the reverse.
    /// A record with <see cref="JobCleanupRecord.Evaluated"/> is written only where the row's status and completion
    /// value are still those (one conditional UPDATE per row).
    /// </summary>
    /// <returns>The ids of the records that wrote no row: the row is gone, or it no longer reads as evaluated.</returns>
    IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records, IReadOnlyList<CleanupAuditEntry> audit);

    /// <summary>
    /// Migrates the store now and proves it takes writes (a read-only file or session, a login without UPDATE, a write
    /// lock another program keeps past the busy timeout), throwing a ConfigurationException otherwise. A real run calls
    /// it before its first deletion: a run that cannot record what it deletes must stop with nothing touched.
    /// </summary>
    void PrepareForWrites();

    /// <summary>Writes the outcome of acted-on jobs with no audit rows (kept for callers that record no run).</summary>
    IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records);

    /// <summary>
    /// Clears the cleaned mark of restored jobs and sets each one's cleanup_summary to the given text (what the restore
    /// did: the summary of the quarantine no longer describes the job), with the audit rows of the restore, in one transaction.
    /// </summary>
    void ClearCleanedMarks(IReadOnlyDictionary<string, string> summaries, IReadOnlyList<CleanupAuditEntry> audit);

    /// <summary>Appends audit rows that describe no change to a job row (a run, a path, a backup).</summary>
    void AppendAudit(IReadOnlyList<CleanupAuditEntry> entries);

    /// <summary>Audit rows, newest first; an unmigrated store has none.</summary>
    IReadOnlyList<CleanupAuditEntry> QueryAudit(AuditQuery query);

    IReadOnlyList<StoredPolicy> GetStoredPolicies();

    void SavePolicy(StoredPolicy policy);

    /// <summary>Stores several policies and removes others in one transaction (an imported file goes in whole or not at all).</summary>
    void SavePolicies(IReadOnlyList<StoredPolicy> save, IReadOnlyCollection<string> delete);

    /// <summary>Deletes stored policies (all of them when <paramref name="names"/> is null); returns how many went.</summary>
    int DeleteStoredPolicies(IReadOnlyCollection<string>? names);

    /// <summary>Every hold, expired ones included (the caller decides what is in force at its instant).</summary>
    IReadOnlyList<CleanupHold> GetHolds();

    /// <summary>Adds a hold, or replaces the reason and expiry of the hold on the same kind and target; returns it with its id.</summary>
    CleanupHold SaveHold(CleanupHold hold);

    /// <summary>Removes holds by id; returns how many went.</summary>
    int RemoveHolds(IReadOnlyCollection<long> ids);

    /// <summary>
    /// Takes the store-wide run lock, so that two exclusive runs never overlap, waiting up to
    /// <paramref name="wait"/>; throws <see cref="StoreBusyException"/> naming the holder if it stays taken.
    /// Released on Dispose, and by the operating system (SQLite: a file lock) or the server (PostgreSQL: a
    /// session advisory lock) when the holding process dies, so a dead runner never blocks forever.
    /// Taking the lock writes nothing to the job tables (a dry run need not take it).
    /// </summary>
    IDisposable AcquireRunLock(RunHolder holder, TimeSpan wait, CancellationToken cancellation);

    /// <summary>
    /// Work splitting between concurrent workers: claims for <paramref name="worker"/> up to
    /// <paramref name="limit"/> rows, in id order after <paramref name="afterId"/> (null: from the start), whose raw
    /// status is one of <paramref name="rawStatuses"/>, that are not cleaned and carry no unexpired claim of
    /// another worker (PostgreSQL: FOR UPDATE SKIP LOCKED). Each claim lasts until <paramref name="until"/>, so a
    /// crashed worker's claims expire. Returns the claimed rows as they are now. The first claim migrates the store.
    /// </summary>
    IReadOnlyList<JobRecord> ClaimJobs(string worker, IReadOnlyCollection<string> rawStatuses, string? afterId, int limit, DateTimeOffset now, DateTimeOffset until);

    /// <summary>Gives back <paramref name="worker"/>'s claims on <paramref name="ids"/> (jobs it kept or failed).</summary>
    void ReleaseClaims(string worker, IReadOnlyCollection<string> ids);

    /// <summary>Schema changes the first write made (columns, indexes, tables), for the run to report.</summary>
    IReadOnlyList<string> Migrations { get; }
}
