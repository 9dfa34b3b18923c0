using CleanupTools.Configuration;
using CleanupTools.Operations.Runs;
using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>
/// One cleanup run. Jobs arrive by id (from the pipeline, or from the store via <see cref="RunEligible"/>) and go, in
/// batches, through the stages in Operations/Runs: guarded as a whole (<see cref="RunGuard"/>), then per batch planned,
/// confirmed on the calling thread, re-checked and acted on by the workers, recorded, and reported (<see cref="JobBatch"/>);
/// path classes (<see cref="PathClassRun"/>) and the backup purge (<see cref="BackupPurge"/>) follow. This class only
/// feeds and composes them: a new operation joins as a stage of its own, composed here as those two are, sharing only
/// <see cref="RunState"/> and the record and report stages. A real run holds the store's run lock for its whole life,
/// or, as one of several workers, claims its jobs.
/// </summary>
public sealed class CleanupRun : IDisposable
{
    private const string Activity = "Cleaning up job data";
    private readonly RunState _state;
    private readonly RunCoordination _coordination;
    private readonly IDisposable? _runLock;
    private readonly string? _workerId;
    private readonly RunReporter _reporter;
    private readonly RunRecorder _recorder;
    private readonly RunGuard _guard;
    private readonly JobSelection _selection;
    private readonly JobActor _actor;
    private readonly JobRecheck _recheck;
    private readonly PathClassRun _paths;
    private readonly JobBatch _batch;
    private readonly JobQueue _queue;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _external = new();
    private readonly List<(string Path, string Policy)> _externalPaths = new();
    private bool _completed;

    /// <param name="dryRun">Report what would go (WouldDelete results); defaults to the resolved setting.</param>
    /// <param name="whatIf">The host is previewing through ShouldProcess: nothing at all may be written, not even a refusal.</param>
    public CleanupRun(CleanupContext context, IOperationHost host, bool? dryRun = null, bool whatIf = false)
    {
        var identity = RunIdentity.Create(context.Clock.GetUtcNow(), context.Options.Trigger ?? CleanupOptions.DefaultTrigger);
        var isDryRun = dryRun ?? context.Settings.DryRun;
        Summary = new CleanupRunSummary { StartTime = context.Clock.GetUtcNow(), DryRun = isDryRun, RunId = identity.RunId, Trigger = identity.Trigger };
        _state = new RunState(context, host, identity, Summary, isDryRun, readOnly: isDryRun || whatIf);
        _reporter = new RunReporter(Summary, host);
        _recorder = new RunRecorder(_state, _reporter);
        _guard = new RunGuard(context, host, _state.ReadOnly);
        _selection = new JobSelection(_state, _reporter);
        _recheck = new JobRecheck(context, _state.Turns);
        _actor = new JobActor(_state, _recheck);
        _batch = new JobBatch(_state, new RunPlanner(context, _state.ReadOnly, _state.Turns), new JobConfirmation(_state, _recorder), _actor, _recorder);
        _queue = new JobQueue(_batch.Start, _batch.Finish, context.Settings.BatchSize, new ProgressReporter(host, Activity));
        _paths = new PathClassRun(_state, _guard, _recorder, _reporter);
        _coordination = RunCoordination.Resolve(context.Options, context.Environment);
        // A backup root that overlaps a cleaned root is a configuration error before anything is evaluated, not mid-run.
        if (context.Settings.Quarantine || context.Policies.All.Any(p => p.Enabled && p.Action == CleanupAction.Quarantine) || Directory.Exists(context.Settings.BackupDir))
            _ = context.BackupRoot;
        if (_state.ReadOnly) return; // previews change nothing, so they neither lock nor claim, nor migrate
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
        // Last, so that nothing is left open when the lock is refused. Previews re-check nothing and open none.
        try
        {
            _recheck.UseOwnReaders();
        }
        catch
        {
            _runLock?.Dispose();
            throw;
        }
    }

    public CleanupRunSummary Summary { get; }

    /// <summary>Where the run's time went so far, phase by phase (the CLI prints it for the benchmark).</summary>
    public RunPhaseTimes Phases => _state.Phases;

    private CleanupContext Context => _state.Context;
    private IOperationHost Host => _state.Host;

    /// <summary>Invoked with every per-job result after it is recorded (the CLI streams them into its JSON report).</summary>
    public event Action<CleanupResult>? ResultRecorded
    {
        add => _reporter.ResultRecorded += value;
        remove => _reporter.ResultRecorded -= value;
    }

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

    /// <summary>
    /// Takes one path-class item given from outside (a path candidate from the pipeline): re-evaluated under its
    /// policy when the input ends, and refused unless it still lies inside that policy's root.
    /// </summary>
    public void AddPath(string fullPath, string policy)
    {
        if (_seen.Add("path:" + fullPath)) _externalPaths.Add((fullPath, policy));
    }

    /// <summary>Evaluates the store itself and queues every eligible job the filter selects.</summary>
    public void RunEligible(CandidateFilter filter)
    {
        var statuses = filter.Statuses ?? new[] { JobStatus.Completed, JobStatus.Failed };
        var query = new JobQuery(new CandidateFilter { Statuses = statuses }.RawStatuses(Context.Settings.Mapping));
        using (_state.Phases.Time(RunPhase.Prepare))
        {
            _queue.Total = Context.Store.CountJobs(query);
            JobIdDefects.WarnAboutNullIds(Context, query, Host);
            Prepare();
        }
        var includesPaths = PathClassRun.Includes(filter);
        using (_state.Phases.Time(RunPhase.Guard)) _guard.JudgeStore(filter, query, includesPaths);
        try
        {
            if (_workerId is not null)
            {
                RunClaimed(filter, query.RawStatuses!);
            }
            else
            {
                // Rows that share an id stream one after the other: the id is queued once, and refused whole at deletion time.
                // The stream is read in turns with the workers' re-checks of the batch being deleted.
                string? last = null;
                foreach (var job in _state.InTurns(Context.Store.StreamJobs(query, Context.Settings.BatchSize)))
                {
                    bool wanted;
                    using (_state.Phases.Time(RunPhase.Select)) wanted = job.Id != last && _selection.Wanted(job, filter);
                    if (wanted) _queue.Enqueue(last = job.Id);
                }
            }
            _queue.Flush();
        }
        catch
        {
            // Stopped between batches (a signal, a store error): the batch being deleted is finished and recorded first.
            try
            {
                _batch.Finish();
            }
            catch (Exception)
            {
                // What could not be recorded now is what a killed run leaves: the next run completes it.
            }
            throw;
        }
        if (includesPaths)
        {
            using (_state.Phases.Time(RunPhase.Finish)) _paths.Run(filter);
        }
    }

    /// <summary>Worker mode: claim a page of jobs, act on the eligible ones, give the rest back, go on after it.</summary>
    private void RunClaimed(CandidateFilter filter, IReadOnlyCollection<string> rawStatuses)
    {
        string? after = null;
        while (true)
        {
            Host.Cancellation.ThrowIfCancellationRequested();
            var now = Context.Clock.GetUtcNow();
            var claimed = Context.Store.ClaimJobs(_workerId!, rawStatuses, after, Context.Settings.BatchSize, now, now + _coordination.ClaimTtl);
            if (claimed.Count == 0) return;
            after = claimed[^1].Id;
            string? last = null;
            foreach (var job in claimed)
            {
                if (job.Id != last && _selection.Wanted(job, filter)) _queue.Enqueue(last = job.Id);
            }
            _queue.Flush();
            // Recorded rows lost their claim with the record; this gives back the kept, declined and failed ones.
            Context.Store.ReleaseClaims(_workerId!, claimed.Select(j => j.Id).ToArray());
        }
    }

    /// <summary>Acts on the items given from outside, processes what is still queued, records the run and closes the summary.</summary>
    public CleanupRunSummary Complete()
    {
        if (_externalPaths.Count > 0)
        {
            Prepare();
            _paths.RunGiven(_externalPaths);
            _externalPaths.Clear();
        }
        if (_external.Count > 0)
        {
            Prepare();
            _guard.JudgeJobs(_external);
            _queue.Total = _external.Count;
            foreach (var id in _external) _queue.Enqueue(id);
            _external.Clear();
        }
        _queue.Flush();
        _queue.Complete();
        using var finishing = _state.Phases.Time(RunPhase.Finish);
        if (_actor.RecordMoves() is { } unrecorded)
            Host.WriteWarning($"Backup {unrecorded.RunId}: the last moves could not be marked in its manifest ({unrecorded.Problem}); the next run's reconcile marks them.");
        new BackupPurge(_state, _recorder).Run();
        Summary.EndTime = Context.Clock.GetUtcNow();
        _completed = true;
        // A run whose every item the operator declined ("No" at -Confirm) changed nothing, and records nothing either:
        // the answer was a preview's. Any other run, one that found nothing to do included, leaves its run row.
        if (!_state.ReadOnly && (_state.RecordedAny || Summary.JobsDeclined == 0))
        {
            _recorder.RecordRun(Summary.JobsWithErrors == 0 ? "Completed" : "CompletedWithErrors",
                Summary.JobsWithErrors == 0 ? null : $"{Summary.JobsWithErrors} jobs with errors");
            _recorder.ReportMigrations();
        }
        return Summary;
    }

    /// <summary>
    /// Lets go of the run lock (claims end with their batch, or expire). A run that ends before <see cref="Complete"/>
    /// (stopped, cancelled, or ended by an error the host was told to stop at) after recording jobs gets its run row
    /// too, with the outcome Stopped, so the audit trail shows which run those jobs belong to and that it did not finish.
    /// </summary>
    public void Dispose()
    {
        // Nothing may still be deleting once the run lets go of its lock (normally nothing is: see RunEligible, Complete).
        _batch.Abandon();
        try
        {
            if (!_completed && _state.RecordedAny) _recorder.RecordRun("Stopped", "the run ended before it finished; every job it acted on is recorded");
        }
        catch (System.Data.Common.DbException)
        {
            // The jobs' own rows are already recorded; a run row the store cannot take now must not hide why the run ended.
        }
        finally
        {
            _recheck.Dispose();
            _runLock?.Dispose();
        }
    }

    /// <summary>Holds as they are now, and the newest-N ranking, before the first job is evaluated.</summary>
    private void Prepare()
    {
        Context.RefreshHolds();
        Context.PrepareRanking();
    }
}
