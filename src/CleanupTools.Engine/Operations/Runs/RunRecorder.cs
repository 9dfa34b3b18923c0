using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// The record stage: what was done is written to the store (act, then record, never the reverse) and only then handed
/// to the report stage, whose report of an error may end the run. Job rows are written only if they still read as
/// evaluated; a job whose row changed while its files went is reported as such (<see cref="ChangedWhileCleaning"/>).
/// A read-only run writes nothing here.
/// </summary>
internal sealed class RunRecorder
{
    private readonly RunState _state;
    private readonly RunReporter _reporter;

    public RunRecorder(RunState state, RunReporter reporter)
    {
        _state = state;
        _reporter = reporter;
    }

    /// <summary>Records what was done and only then reports it, which may end the run.</summary>
    public void Settle(Settlement settled)
    {
        if (!_state.ReadOnly)
        {
            // The next batch may be being deleted meanwhile: its workers' re-checks wait for this record.
            using var recording = _state.Phases.Time(RunPhase.Record);
            _state.Turns.Alone(() =>
            {
                if (settled.Records.Count > 0)
                {
                    var unwritten = _state.Context.Store.RecordCleanups(settled.Records, settled.Audit);
                    _state.MarkRecorded();
                    if (unwritten.Count > 0) ReportChangedWhileCleaning(settled, unwritten);
                }
                else if (settled.Audit.Count > 0)
                {
                    _state.Context.Store.AppendAudit(settled.Audit);
                    _state.MarkRecorded();
                }
            });
        }
        ReportMigrations();
        var results = settled.Results.ToArray();
        settled.Clear();
        using var reporting = _state.Phases.Time(RunPhase.Report);
        foreach (var (result, error) in results) _reporter.Publish(result, error);
    }

    /// <summary>With a host that stops at the first error, each item is recorded and reported before the next is touched.</summary>
    public void SettleNowIfStopping(Settlement settled)
    {
        if (_state.Host.StopsAtFirstError) Settle(settled);
    }

    /// <summary>Audit rows of their own (purged backups), written before any error about them is reported.</summary>
    public void Append(IReadOnlyList<CleanupAuditEntry> audit)
    {
        if (_state.ReadOnly || audit.Count == 0) return;
        _state.Context.Store.AppendAudit(audit);
        _state.MarkRecorded();
    }

    /// <summary>The run's own audit row: Completed, CompletedWithErrors, or Stopped; its bytes are those the run freed.</summary>
    public void RecordRun(string outcome, string? error) =>
        _state.Context.Store.AppendAudit(new[] { _state.Identity.Entry(CleanupAuditEntry.RunTarget, _state.Identity.RunId, _state.Now, "Run",
            _state.Summary.TotalBytesFreed, outcome, jobId: null, policy: null, error: error) });

    public void ReportMigrations() => _state.Context.ReportSchemaChanges(_state.Host);

    /// <summary>The job's row: its bytes are those its action acted on, freed or (a quarantine) moved, as the action says.</summary>
    public CleanupAuditEntry JobAudit(CleanupResult result, string policy, DateTimeOffset at) =>
        _state.Identity.Entry(CleanupAuditEntry.JobTarget, result.Target, at, result.Action.ToString(), result.BytesFreed + result.BytesMoved, result.Outcome.ToString(),
            result.JobId, policy, result.Errors.Count == 0 ? null : string.Join("; ", result.Errors));

    public CleanupAuditEntry PathAudit(CleanupResult result) =>
        _state.Identity.Entry(CleanupAuditEntry.PathTarget, result.Target, _state.Now, result.Action.ToString(), result.BytesFreed, result.Outcome.ToString(),
            jobId: null, result.Policy, result.Errors.Count == 0 ? null : string.Join("; ", result.Errors));

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
        var rows = _state.Context.Store.GetJobs(ids).ToLookup(j => j.Id, StringComparer.Ordinal);
        var now = _state.Now;
        var audit = new List<CleanupAuditEntry>();
        for (var i = 0; i < settled.Results.Count; i++)
        {
            var (result, _) = settled.Results[i];
            // A job nothing was done to (a refused path) loses only its summary, which its result already explains.
            if (result.JobId is not { } id || !ids.Contains(id) || !ChangedWhileCleaning.Applies(result)) continue;
            var message = ChangedWhileCleaning.Describe(result, evaluated[id], rows[id].ToArray(), _state.Identity.RunId);
            settled.Results[i] = (ChangedWhileCleaning.Result(result, message), new OperationError("JobChangedDuringCleanup", ErrorKind.WriteError, $"Job {id}: {message}", id));
            audit.Add(_state.Identity.Entry(CleanupAuditEntry.JobTarget, id, now, result.Action.ToString(), 0, ChangedWhileCleaning.AuditOutcome, id, result.Policy, message));
        }
        if (audit.Count > 0) _state.Context.Store.AppendAudit(audit);
    }
}
