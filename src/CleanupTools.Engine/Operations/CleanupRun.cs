using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Backups;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Reports;
using CleanupTools.Stores;
using CleanupTools.Time;

namespace CleanupTools.Operations;

/// <summary>
/// One cleanup run. Jobs arrive by id (from the pipeline, or from the store via <see cref="RunEligible"/>)
/// and are handled in batches: re-read and re-evaluated for the batch, confirmed one by one on the calling
/// thread, then each read again and re-checked by the worker about to delete it (<see cref="JobRecheck"/>), deleted on
/// a bounded number of workers, and recorded in one transaction per batch, each row only if it still reads as
/// evaluated. Files go first and the record second, so a run killed in between leaves rows the next run completes.
/// A real run holds the store's run lock for its whole life, or, as one of several workers, claims its jobs.
/// </summary>
public sealed partial class CleanupRun : IDisposable
{
    private const string Activity = "Cleaning up job data";
    private readonly CleanupContext _context;
    private readonly IOperationHost _host;
    private readonly bool _dryRun;
    private readonly bool _readOnly;
    private readonly List<string> _pending = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly ProgressReporter _progress;
    private long _done;
    private readonly RunCoordination _coordination;
    private readonly IDisposable? _runLock;
    private readonly string? _workerId;
    private readonly UploadHolders _uploadHolders;
    private readonly MassDeletionGuard _guard;
    private readonly List<string> _external = new();
    private readonly List<(string Path, string Policy)> _externalPaths = new();
    private readonly RunIdentity _identity;
    private readonly JobRecheck _recheck;
    private BackupRun? _backup;
    private bool _emergencyWarned;
    private bool _completed;
    private bool _recordedAny;
    private bool _writable;

    /// <param name="dryRun">Report what would go (WouldDelete results); defaults to the resolved setting.</param>
    /// <param name="whatIf">The host is previewing through ShouldProcess: nothing at all may be written, not even a refusal.</param>
    public CleanupRun(CleanupContext context, IOperationHost host, bool? dryRun = null, bool whatIf = false)
    {
        _context = context;
        _host = host;
        _dryRun = dryRun ?? context.Settings.DryRun;
        _readOnly = _dryRun || whatIf;
        _identity = RunIdentity.Create(context.Clock.GetUtcNow(), context.Options.Trigger ?? CleanupTrigger.Manual);
        Summary = new CleanupRunSummary { StartTime = context.Clock.GetUtcNow(), DryRun = _dryRun, RunId = _identity.RunId, Trigger = _identity.Trigger };
        _guard = MassDeletionGuard.Resolve(context.Options, context.Environment);
        _progress = new ProgressReporter(host, Activity);
        _coordination = RunCoordination.Resolve(context.Options, context.Environment);
        _uploadHolders = _readOnly ? UploadHolders.ForPreview(context.Store) : UploadHolders.AtDeletionTime();
        _recheck = new JobRecheck(context);
        // A backup root that overlaps a cleaned root is a configuration error before anything is evaluated, not mid-run.
        if (context.Settings.Quarantine || context.Policies.All.Any(p => p.Enabled && p.Action == CleanupAction.Quarantine) || Directory.Exists(context.Settings.BackupDir))
            _ = context.BackupRoot;
        if (_readOnly) return; // previews change nothing, so they neither lock nor claim, nor migrate
        if (_coordination.Worker)
        {
            _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
            host.WriteVerbose($"Running as worker {_workerId}: jobs are claimed for {_coordination.ClaimTtl} at a time.");
        }
        else
        {
            _runLock = context.Store.AcquireRunLock(RunHolder.Current(context.Clock), _coordination.LockTimeout, host.Cancellation);
            host.WriteVerbose($"Holding the run lock on {context.Store.Description}.");
        }

    }

    public CleanupRunSummary Summary { get; }

    /// <summary>Invoked with every per-job result after it is recorded (the CLI streams them into its JSON report).</summary>
    public event Action<CleanupResult>? ResultRecorded;

    /// <summary>
    /// Takes one job given from outside (the pipeline). They are acted on when the input ends: the mass-deletion
    /// guard must see all of them before the first is deleted.
    /// </summary>
    public void Add(string jobId)
    {
        // The same id twice in one run (a pipeline that repeats itself) is acted on once. Only ids from outside
        // are remembered: the store's own stream never repeats one, and remembering those would grow with the table.
        if (!_seen.Add(jobId)) return;
        _external.Add(jobId);
    }

    private void Enqueue(string jobId)
    {
        _pending.Add(jobId);
        if (_pending.Count >= _context.Settings.BatchSize) Flush();
    }

    /// <summary>Evaluates the store itself and queues every eligible job the filter selects.</summary>
    public void RunEligible(CandidateFilter filter)
    {
        var statuses = filter.Statuses ?? new[] { JobStatus.Completed, JobStatus.Failed };
        var query = new JobQuery(new CandidateFilter { Statuses = statuses }.RawStatuses(_context.Settings.Mapping));
        _progress.Total = _context.Store.CountJobs(query);
        JobIdDefects.WarnAboutNullIds(_context, query, _host);
        Prepare();
        if (!_guard.Allowed)
        {
            // One read-only pass before anything is deleted: a guard that looked batch by batch would stop only after
            // most of a mistaken run had already gone.
            foreach (var job in _context.Store.StreamJobs(query, _context.Settings.BatchSize))
            {
                _host.Cancellation.ThrowIfCancellationRequested();
                if (_context.Policies.For(job.Status) is not { } policy) continue;
                _guard.AddTotal(policy.Name);
                if (filter.MatchesId(job.Id) && JobPlan.For(job, _context) is { CanAct: true } plan && filter.MatchesAge(plan.Decision.Age))
                    _guard.AddRemoved(policy.Name);
            }
            if (IncludesPaths(filter))
            {
                foreach (var plan in PathClassPlanner.Plan(_context, _host, report: false))
                {
                    _guard.AddTotal(plan.Policy);
                    if (plan.CanAct && filter.MatchesAge(plan.Decision.Age)) _guard.AddRemoved(plan.Policy);
                }
            }
            Judge();
        }
        if (_workerId is not null)
        {
            RunClaimed(filter, query.RawStatuses!);
        }
        else
        {
            // Rows that share an id stream one after the other: the id is queued once, and refused whole at deletion time.
            string? last = null;
            foreach (var job in _context.Store.StreamJobs(query, _context.Settings.BatchSize))
            {
                if (job.Id != last && Wanted(job, filter)) Enqueue(last = job.Id);
            }
        }
        Flush();
        if (IncludesPaths(filter)) RunPaths(filter);
    }

    /// <summary>Worker mode: claim a page of jobs, act on the eligible ones, give the rest back, go on after it.</summary>
    private void RunClaimed(CandidateFilter filter, IReadOnlyCollection<string> rawStatuses)
    {
        string? after = null;
        while (true)
        {
            _host.Cancellation.ThrowIfCancellationRequested();
            var now = _context.Clock.GetUtcNow();
            var claimed = _context.Store.ClaimJobs(_workerId!, rawStatuses, after, _context.Settings.BatchSize, now, now + _coordination.ClaimTtl);
            if (claimed.Count == 0) return;
            after = claimed[^1].Id;
            string? last = null;
            foreach (var job in claimed)
            {
                if (job.Id != last && Wanted(job, filter)) Enqueue(last = job.Id);
            }
            Flush();
            // Recorded rows lost their claim with the record; this gives back the kept, declined and failed ones.
            _context.Store.ReleaseClaims(_workerId!, claimed.Select(j => j.Id).ToArray());
        }
    }

    private bool Wanted(JobRecord job, CandidateFilter filter)
    {
        _host.Cancellation.ThrowIfCancellationRequested();
        if (!filter.MatchesId(job.Id)) return false;
        var decision = _context.Evaluator.Evaluate(job);
        if (!filter.MatchesAge(decision.Age)) return false;
        if (decision.IsEligible) return true;
        // Within its own retention, a job may still have a component whose policy lets it go sooner.
        if (decision.WithinRetention && _context.Policies.AnyComponentPolicy && JobPlan.For(job, _context).CanAct) return true;
        if (decision.Action == CleanupAction.Held)
        {
            // A held job is what would have gone: it is reported, as at deletion time, not merely passed over.
            Summary.JobsHeld++;
            Publish(new CleanupResult
            {
                JobId = job.Id, Target = job.Id, Policy = decision.Policy, Status = job.Status, CompletedAt = decision.CompletedAt,
                Action = CleanupAction.Held, Outcome = CleanupOutcome.Skipped, Reason = decision.Reason,
            }, null);
            return false;
        }
        _host.WriteVerbose($"Job {job.Id}: kept; {decision.Reason}.");
        if (decision.UnreadableTimestamp) _host.WriteWarning($"Job {job.Id}: {decision.Reason}.");
        return false;
    }

    /// <summary>
    /// Lets go of the run lock (claims end with their batch, or expire). A run that ends before <see cref="Complete"/>
    /// (stopped, cancelled, or ended by an error the host was told to stop at) after recording jobs gets its run row
    /// too, with the outcome Stopped, so the audit trail shows which run those jobs belong to and that it did not finish.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (!_completed && _recordedAny) RecordRun("Stopped", "the run ended before it finished; every job it acted on is recorded");
        }
        catch (System.Data.Common.DbException)
        {
            // The jobs' own rows are already recorded; a run row the store cannot take now must not hide why the run ended.
        }
        finally
        {
            _runLock?.Dispose();
        }
    }

    private void RecordRun(string outcome, string? error) =>
        _context.Store.AppendAudit(new[] { _identity.Entry(CleanupAuditEntry.RunTarget, _identity.RunId, _context.Clock.GetUtcNow(), "Run",
            Summary.TotalBytesFreed, outcome, jobId: null, policy: null, error: error) });

    /// <summary>Acts on the jobs given from outside, processes what is still queued, records the run and closes the summary.</summary>
    public CleanupRunSummary Complete()
    {
        if (_externalPaths.Count > 0) RunExternalPaths();
        if (_external.Count > 0)
        {
            Prepare();
            if (!_guard.Allowed) GuardExternal();
            _progress.Total = _external.Count;
            foreach (var id in _external) Enqueue(id);
            _external.Clear();
        }
        Flush();
        _progress.Complete();
        PurgeBackups();
        Summary.EndTime = _context.Clock.GetUtcNow();
        _completed = true;
        // A run whose every item the operator declined ("No" at -Confirm) changed nothing, and records nothing either:
        // the answer was a preview's. Any other run, one that found nothing to do included, leaves its run row.
        if (!_readOnly && (_recordedAny || Summary.JobsDeclined == 0))
        {
            RecordRun(Summary.JobsWithErrors == 0 ? "Completed" : "CompletedWithErrors",
                Summary.JobsWithErrors == 0 ? null : $"{Summary.JobsWithErrors} jobs with errors");
            ReportMigrations();
        }
        return Summary;
    }

    /// <summary>Holds as they are now, and the newest-N ranking, before the first job is evaluated.</summary>
    private void Prepare()
    {
        _context.RefreshHolds();
        _context.PrepareRanking();
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var ids = _pending.Distinct(StringComparer.Ordinal).ToArray();
        _pending.Clear();
        _host.Cancellation.ThrowIfCancellationRequested();

        // Re-read now: a job re-run or re-queued since the preview must not lose its new data, and a hold added
        // since the run began protects from this batch on.
        _context.RefreshHolds();
        var rows = _context.Store.GetJobs(ids).ToLookup(j => j.Id, StringComparer.Ordinal);
        // An id on more than one row is left alone: a deletion could not be told apart from the other row's data,
        // nor recorded on one row only.
        var current = rows.Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Deleting runs check every upload against the store as it is now; previews need only the shared names.
        var plans = SharedUploadGuard.Apply(ids.Where(current.ContainsKey).Select(id => JobPlan.For(current[id], _context)).ToArray(), _context,
                _uploadHolders)
            .ToDictionary(p => p.Job.Id, StringComparer.Ordinal);
        var approved = new List<JobPlan>();
        var settled = new Settlement();
        foreach (var id in ids)
        {
            Summary.JobsConsidered++;
            if (rows[id].Count() is var count and > 1)
            {
                settled.Add(Failed(id, JobStatus.Unknown, null, CleanupAction.Keep, JobIdDefects.Duplicate(id, count)));
                SettleNowIfStopping(settled);
                continue;
            }
            if (!plans.TryGetValue(id, out var plan))
            {
                settled.Add(Failed(id, JobStatus.Unknown, null, CleanupAction.Keep, new OperationError("JobNotFound", ErrorKind.ObjectNotFound, $"Job '{id}' is not in the store.", id)));
                SettleNowIfStopping(settled);
                continue;
            }
            var job = plan.Job;
            if (!plan.Decision.IsEligible)
            {
                _host.WriteVerbose($"Job {id}: skipped at deletion time; {plan.Decision.Reason}.");
                if (plan.Decision.Action == CleanupAction.Held) Summary.JobsHeld++; else Summary.JobsSkipped++;
                settled.Add((Skipped(plan), null));
                continue;
            }
            if (plan.PathProblem is not null)
            {
                var failure = Failed(id, job.Status, plan.Decision.CompletedAt, plan.Decision.Action, new OperationError("UnsafeJobPath", ErrorKind.SecurityError, plan.PathProblem, id));
                // Written to the row (never its cleaned mark) so the store itself explains why the job was left.
                settled.Add(failure, new JobCleanupRecord(id, null, CleanupSummaryJson.For(failure.Result, plan.Decision.Policy, _context.Clock.GetUtcNow())) { Evaluated = JobRowState.Of(job) },
                    Audit(failure.Result, plan.Decision.Policy, _context.Clock.GetUtcNow()));
                SettleNowIfStopping(settled);
                continue;
            }
            if (!_dryRun && !_host.ShouldProcess(Describe(plan), ActionText(plan)))
            {
                Summary.JobsDeclined++;
                continue;
            }
            _host.WriteVerbose($"Job {id}: {(_dryRun ? "would clean" : "cleaning")} ({plan.Decision.Action}); {plan.Decision.Reason}.");
            foreach (var kept in plan.Kept) _host.WriteVerbose($"Job {id}: {kept}.");
            approved.Add(plan);
        }

        if (approved.Count > 0) EnsureWritable();
        if (_host.StopsAtFirstError)
        {
            // One job at a time, each recorded and reported before the next is touched: the host's stop at an
            // error then leaves exactly the jobs acted on so far, all of them recorded.
            Settle(settled);
            foreach (var plan in approved)
            {
                var quarantine = !_dryRun && Quarantines(plan.Decision.Action);
                Conclude(plan, RecheckThenAct(plan, quarantine), quarantine, _context.Clock.GetUtcNow(), settled);
                Settle(settled);
            }
        }
        else
        {
            var outcomes = new JobAct[approved.Count];
            var quarantined = approved.Select(p => !_dryRun && Quarantines(p.Decision.Action)).ToArray();
            Parallel.For(0, approved.Count, new ParallelOptions { MaxDegreeOfParallelism = _context.Settings.MaxWorkers }, i =>
            {
                if (!quarantined[i]) outcomes[i] = RecheckThenAct(approved[i], quarantine: false);
            });
            // Moves go one at a time: the run's manifest is rewritten after each, in order.
            for (var i = 0; i < approved.Count; i++)
            {
                if (quarantined[i]) outcomes[i] = RecheckThenAct(approved[i], quarantine: true);
            }
            var now = _context.Clock.GetUtcNow();
            for (var i = 0; i < approved.Count; i++) Conclude(approved[i], outcomes[i], quarantined[i], now, settled);
            Settle(settled);
        }
        _done += ids.Length;
        _progress.Report(_done);
    }

    /// <summary>
    /// Migrates the store and proves it takes writes, once, before the run's first deletion (not at its first record):
    /// a store that cannot take the record would otherwise be found unwritable only after deletions it can never
    /// record. Not earlier either: a run the guard refuses, or whose every job is declined, leaves the store as it was.
    /// </summary>
    private void EnsureWritable()
    {
        if (_readOnly || _writable) return;
        _context.Store.PrepareForWrites();
        _writable = true;
    }

    /// <summary>What a worker did with one approved job: refused it at its re-check, or acted on it.</summary>
    private readonly record struct JobAct(JobRecheckRefusal? Refused, IReadOnlyList<DeletionOutcome> Outcomes);

    /// <summary>
    /// Re-reads the job on this worker immediately before acting on it, and acts only if it still reads as evaluated
    /// and may still go. Called from the deleting workers: it writes nothing to the host (its thread may not).
    /// A dry run changes nothing, so it need not re-read.
    /// </summary>
    private JobAct RecheckThenAct(JobPlan plan, bool quarantine)
    {
        if (!_dryRun && _recheck.Check(plan) is { } refused) return new JobAct(refused, Array.Empty<DeletionOutcome>());
        return new JobAct(null, Act(plan, quarantine));
    }

    private IReadOnlyList<DeletionOutcome> Act(JobPlan plan, bool quarantine) => quarantine
        ? Quarantine(plan.Targets, plan.Job.Id, plan.Decision.Policy)
        : plan.Targets.Select(t => SafeDeleter.Delete(t, measureOnly: _dryRun)).ToArray();

    /// <summary>Turns what was done to one job into its result, its row update and its audit row.</summary>
    private void Conclude(JobPlan plan, JobAct act, bool quarantined, DateTimeOffset now, Settlement settled)
    {
        if (act.Refused is { } refused)
        {
            _host.WriteVerbose($"Job {plan.Job.Id}: skipped at deletion time; {refused.Reason}.");
            Summary.JobsSkipped++;
            settled.Add((Skipped(plan, refused), null));
            return;
        }
        var result = Acted(plan, act.Outcomes, quarantined);
        var error = result.Errors.Count == 0 ? null
            : new OperationError("JobCleanupFailed", ErrorKind.WriteError, $"Job {result.JobId}: {string.Join("; ", result.Errors)}", result.JobId);
        // A dry run's record is never written: Settle writes nothing for a read-only run.
        settled.Add((result, error), new JobCleanupRecord(plan.Job.Id, result.DataDeleted ? TimestampParser.ToStoreText(now) : null, CleanupSummaryJson.For(result, plan.Decision.Policy, now))
            {
                Evaluated = JobRowState.Of(plan.Job),
            },
            Audit(result, plan.Decision.Policy, now));
    }

    private void SettleNowIfStopping(Settlement settled)
    {
        if (_host.StopsAtFirstError) Settle(settled);
    }

    /// <summary>Records what was done (act, then record) and only then reports it, which may end the run.</summary>
    private void Settle(Settlement settled)
    {
        if (!_readOnly && settled.Records.Count + settled.Audit.Count > 0)
        {
            var unwritten = _context.Store.RecordCleanups(settled.Records, settled.Audit);
            _recordedAny = true;
            if (unwritten.Count > 0) ReportChangedWhileCleaning(settled, unwritten);
        }
        ReportMigrations();
        var results = settled.Results.ToArray();
        settled.Clear();
        foreach (var (result, error) in results) Publish(result, error);
    }

    /// <summary>Results of one batch (or one job) not yet recorded and reported, with their row updates and audit rows.</summary>
    private sealed class Settlement
    {
        public List<(CleanupResult Result, OperationError? Error)> Results { get; } = new();
        public List<JobCleanupRecord> Records { get; } = new();
        public List<CleanupAuditEntry> Audit { get; } = new();

        public void Add((CleanupResult Result, OperationError? Error) result) => Results.Add(result);

        public void Add((CleanupResult Result, OperationError? Error) result, JobCleanupRecord record, CleanupAuditEntry audit)
        {
            Results.Add(result);
            Records.Add(record);
            Audit.Add(audit);
        }

        public void Clear()
        {
            Results.Clear();
            Records.Clear();
            Audit.Clear();
        }
    }

    /// <summary>
    /// Reports the jobs the store left unmarked because their row changed while their files were going
    /// (<see cref="ChangedWhileCleaning"/>): each result becomes an error saying what went, with an audit row after its own.
    /// </summary>
    private void ReportChangedWhileCleaning(Settlement settled, IReadOnlyList<string> unwritten)
    {
        var evaluated = new Dictionary<string, JobRowState>(StringComparer.Ordinal);
        foreach (var record in settled.Records)
        {
            if (record.Evaluated is { } state) evaluated.TryAdd(record.JobId, state);
        }
        var ids = unwritten.Where(evaluated.ContainsKey).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0) return;
        var rows = _context.Store.GetJobs(ids).ToLookup(j => j.Id, StringComparer.Ordinal);
        var now = _context.Clock.GetUtcNow();
        var audit = new List<CleanupAuditEntry>();
        for (var i = 0; i < settled.Results.Count; i++)
        {
            var (result, _) = settled.Results[i];
            // A job nothing was done to (a refused path) loses only its summary, which its result already explains.
            if (result.JobId is not { } id || !ids.Contains(id) || !ChangedWhileCleaning.Applies(result)) continue;
            var message = ChangedWhileCleaning.Describe(result, evaluated[id], rows[id].ToArray(), _identity.RunId);
            settled.Results[i] = (ChangedWhileCleaning.Result(result, message), new OperationError("JobChangedDuringCleanup", ErrorKind.WriteError, $"Job {id}: {message}", id));
            audit.Add(_identity.Entry(CleanupAuditEntry.JobTarget, id, now, result.Action.ToString(), 0, ChangedWhileCleaning.AuditOutcome, id, result.Policy, message));
        }
        if (audit.Count > 0) _context.Store.AppendAudit(audit);
    }

    private void ReportMigrations() => _context.ReportSchemaChanges(_host);

    private CleanupAuditEntry Audit(CleanupResult result, string policy, DateTimeOffset at) =>
        _identity.Entry(CleanupAuditEntry.JobTarget, result.Target, at, result.Action.ToString(), result.BytesFreed, result.Outcome.ToString(),
            result.JobId, policy, result.Errors.Count == 0 ? null : string.Join("; ", result.Errors));

    private void Publish(CleanupResult result, OperationError? error)
    {
        if (error is not null)
        {
            Summary.JobsWithErrors++;
            Summary.Errors.AddRange(result.Errors.Select(e => $"{result.JobId}: {e}"));
            _host.WriteError(error);
        }
        if (result.TargetKind == CleanupItemKind.Path)
        {
            if (result.Outcome is CleanupOutcome.Deleted or CleanupOutcome.Partial or CleanupOutcome.WouldDelete) Summary.PathsProcessed++;
            Summary.TotalBytesFreed += result.BytesFreed;
        }
        else if (result.Outcome is CleanupOutcome.Deleted or CleanupOutcome.Quarantined or CleanupOutcome.Partial or CleanupOutcome.WouldDelete)
        {
            if (result.Status == JobStatus.Completed) Summary.SuccessfulJobsProcessed++;
            if (result.Status == JobStatus.Failed) Summary.FailedJobsProcessed++;
            Summary.TotalBytesFreed += result.BytesFreed;
            if (result.ConfigPreserved) Summary.ConfigsPreserved++; else Summary.ConfigsDeleted++;
        }
        _host.WriteObject(result);
        ResultRecorded?.Invoke(result);
    }

    private static (CleanupResult Result, OperationError? Error) Failed(string id, JobStatus status, DateTimeOffset? completedAt, CleanupAction action, OperationError error) =>
        (new CleanupResult
        {
            JobId = id,
            Target = id,
            Status = status,
            CompletedAt = completedAt,
            Action = action,
            Outcome = CleanupOutcome.Failed,
            Errors = new[] { error.Message },
            Reason = error.Message,
        }, error);

    private static CleanupResult Skipped(JobPlan plan, JobRecheckRefusal refused) => new()
    {
        JobId = plan.Job.Id,
        Target = plan.Job.Id,
        Policy = plan.Decision.Policy,
        Status = refused.Current?.Status ?? plan.Job.Status,
        CompletedAt = plan.Decision.CompletedAt,
        Action = CleanupAction.Keep,
        Outcome = CleanupOutcome.Skipped,
        Reason = refused.Reason,
    };

    private CleanupResult Skipped(JobPlan plan) => new()
    {
        JobId = plan.Job.Id,
        Target = plan.Job.Id,
        Policy = plan.Decision.Policy,
        Status = plan.Job.Status,
        CompletedAt = plan.Decision.CompletedAt,
        Action = plan.Decision.Action == CleanupAction.Held ? CleanupAction.Held : CleanupAction.Keep,
        Outcome = CleanupOutcome.Skipped,
        Reason = plan.Decision.Reason,
    };

    private CleanupResult Acted(JobPlan plan, IReadOnlyList<DeletionOutcome> outcomes, bool quarantined)
    {
        var errors = outcomes.SelectMany(o => o.Tally.Errors).ToArray();
        var bytes = outcomes.Sum(o => o.Tally.Bytes);
        bool Done(DeletionOutcome o) => o.Existed && (_dryRun || o.Removed);
        var files = outcomes.Where(o => Done(o) && !o.WasDirectory).Select(o => o.Target.Display).ToArray();
        var directories = outcomes.Where(o => Done(o) && o.WasDirectory).Select(o => o.Target.Display).ToArray();
        var outcome = _dryRun ? CleanupOutcome.WouldDelete
            : errors.Length == 0 ? quarantined ? CleanupOutcome.Quarantined : CleanupOutcome.Deleted
            : bytes > 0 || files.Length > 0 || directories.Length > 0 || outcomes.Any(o => o.Tally.Files > 0) ? CleanupOutcome.Partial
            : CleanupOutcome.Failed;
        return new CleanupResult
        {
            JobId = plan.Job.Id,
            Target = plan.Job.Id,
            Policy = plan.Decision.Policy,
            Status = plan.Job.Status,
            CompletedAt = plan.Decision.CompletedAt,
            // What was done: a quarantine policy's data deleted by an emergency run was deleted, its record kept.
            Action = quarantined ? CleanupAction.Quarantine : plan.Decision.Action == CleanupAction.Quarantine ? CleanupAction.DeleteData : plan.Decision.Action,
            Outcome = outcome,
            // A component a policy lets go later keeps the job unmarked, so a later run comes back for it.
            DataDeleted = !_dryRun && errors.Length == 0 && !plan.ComponentsPending,
            ConfigPreserved = true,
            FilesDeleted = files,
            DirectoriesDeleted = directories,
            BytesFreed = bytes,
            Errors = errors,
            Reason = string.Join("; ", plan.Kept.Prepend(plan.Decision.Reason)),
        };
    }

    private static string Describe(JobPlan plan) =>
        $"{plan.Job.Id} ({plan.Job.RawStatus}, completed {plan.Decision.CompletedAt:u})";

    private static string ActionText(JobPlan plan) =>
        $"{(plan.Decision.Action == CleanupAction.DeleteAll ? "Delete all files" : plan.Decision.Action == CleanupAction.Quarantine ? "Quarantine data, keep record" : "Delete data, keep record")}: {string.Join(", ", plan.Targets.Select(t => t.Display))}";

}
