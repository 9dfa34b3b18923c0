using System.Management.Automation;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Completion;
using CleanupTools.PowerShell.Hosting;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Deletes the data of jobs past their retention and records it in the store.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "JobCleanup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = EvaluateSet)]
[OutputType(typeof(CleanupResult))]
[OutputType(typeof(CleanupRunSummary))]
public sealed class InvokeJobCleanupCommand : CleanupCmdletBase
{
    private const string EvaluateSet = "Evaluate";
    private const string InputObjectSet = "InputObject";
    private const string JobIdSet = "JobId";

    private CleanupContext? _context;
    private CleanupRun? _run;
    private PowerShellHost? _host;

    /// <summary>Candidates from Get-CleanupCandidate; each is re-read and re-checked before anything is deleted.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public CleanupCandidate[]? InputObject { get; set; }

    /// <summary>Ids of jobs to clean (bound by property name from any object with a JobId property).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = JobIdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(JobIdCompleter))]
    public string[]? JobId { get; set; }

    /// <summary>When evaluating the store itself: only jobs of these status classes.</summary>
    [Parameter(ParameterSetName = EvaluateSet)]
    [ValidateNotNullOrEmpty]
    public JobStatus[]? Status { get; set; }

    /// <summary>When evaluating the store itself: only jobs that completed at least this long ago.</summary>
    [Parameter(ParameterSetName = EvaluateSet)]
    [ValidateTimeSpanRange("00:00:00", "36500.00:00:00")]
    public TimeSpan? OlderThan { get; set; }

    /// <summary>Skips the confirmation prompt (for scheduled runs); -WhatIf still wins.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also emits the run summary (a CleanupRunSummary) after the per-job results.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Reports what would be deleted (CleanupResult objects with Outcome WouldDelete) and changes nothing.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    /// <summary>How long to wait for another run's lock on the store before stopping with a ResourceBusy error (default: do not wait).</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan? LockTimeout { get; set; }

    /// <summary>Share the store with other workers (other hosts too): claim jobs instead of taking the exclusive run lock.</summary>
    [Parameter]
    public SwitchParameter Worker { get; set; }

    /// <summary>How long a worker's claim on a job lasts before another worker may take it over (default 10 minutes).</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan? ClaimTtl { get; set; }

    /// <summary>Why the run happens, recorded in the audit trail (reference 001's --type): Manual (default), Automatic or Emergency.</summary>
    [Parameter]
    [Alias("Type")]
    public CleanupTrigger? Trigger { get; set; }

    /// <summary>Lets the run remove every item of a class (or more than -MaxDeletionPercent of it), which otherwise stops it before anything is deleted.</summary>
    [Parameter]
    public SwitchParameter AllowMassDeletion { get; set; }

    /// <summary>A run that would remove at least this share of a policy's items stops before deleting anything (default 100: all of them).</summary>
    [Parameter]
    [ValidateRange(0.01, 100.0)]
    public double? MaxDeletionPercent { get; set; }

    /// <summary>Moves expired job data into the backup root instead of deleting it (two-stage cleanup: Restore-CleanupBackup brings it back; a later run purges it).</summary>
    [Parameter]
    public SwitchParameter Quarantine { get; set; }

    /// <summary>How long backups are kept before a run purges them (default 7 days, reference 001).</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:01:00", "36500.00:00:00")]
    public TimeSpan? BackupRetention { get; set; }

    /// <summary>Parallel deletion workers (default 4).</summary>
    [Parameter]
    [ValidateRange(1, CleanupSettings.MaxWorkersLimit)]
    public int? MaxWorkers { get; set; }

    protected override CleanupOptions BuildOptions()
    {
        var options = base.BuildOptions();
        options.MaxWorkers = MaxWorkers;
        options.LockTimeout = LockTimeout;
        options.ClaimTtl = ClaimTtl;
        if (Worker.IsPresent) options.Worker = true;
        options.Trigger = Trigger;
        if (Quarantine.IsPresent) options.Quarantine = true;
        options.BackupRetention = BackupRetention;
        if (AllowMassDeletion.IsPresent) options.AllowMassDeletion = true;
        options.MaxDeletionPercent = MaxDeletionPercent;
        // Bound either way (-DryRun or -DryRun:$false), the parameter outranks the *_DRY_RUN environment variables.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(DryRun))) options.DryRun = DryRun.IsPresent;
        return options;
    }

    protected override void BeginProcessing() => Guard(() =>
    {
        _host = CreateHost(Force.IsPresent);
        // Piped candidates carry the store they were found in: without a location given here, the first one names
        // it. (The parameter set is not settled before the first input arrives, so the pipeline decides, not the set.)
        if (MyInvocation.ExpectingInput && !LocationGiven) return;
        Start(OpenContext());
    });

    private void Start(CleanupContext context)
    {
        _context = context;
        _run = new CleanupRun(context, _host!, whatIf: _host!.WhatIf);
    }

    protected override void ProcessRecord() => Guard(() =>
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                foreach (var candidate in InputObject ?? Array.Empty<CleanupCandidate>())
                {
                    if (_run is null) Start(candidate.Origin is { } origin ? OpenContext(origin) : OpenContext());
                    if (candidate.Origin is { } from && !from.SameAs(_context!.Origin))
                    {
                        // Acting on it here would delete whatever another installation keeps under that id.
                        WriteError(new ErrorRecord(new ArgumentException(
                                $"Candidate {candidate.Target} comes from {from.Description}, not from {_context.Origin.Description} that this run cleans; run Invoke-JobCleanup once per store."),
                            "CandidateFromAnotherStore", ErrorCategory.InvalidArgument, candidate));
                        continue;
                    }
                    if (candidate.TargetKind == CleanupItemKind.Path) _run!.AddPath(candidate.Target, candidate.Policy);
                    else if (candidate.JobId is { } id) _run!.Add(id);
                }
                break;
            case JobIdSet:
                if (_run is null) Start(OpenContext());
                foreach (var id in JobId ?? Array.Empty<string>()) _run!.Add(id);
                break;
        }
    });

    protected override void EndProcessing() => Guard(() =>
    {
        // Input was expected and none came: an empty pipeline cleans nothing, rather than the whole default store.
        if (_run is null) return;
        // A pipeline says which jobs to clean; an empty one (a filter that matched nothing) cleans none, never every
        // eligible job as a call without input would.
        if (ParameterSetName == EvaluateSet && !MyInvocation.ExpectingInput)
            _run.RunEligible(new CandidateFilter { Statuses = Status, OlderThan = OlderThan });
        else if (ParameterSetName == EvaluateSet)
            WriteVerbose("No jobs came through the pipeline: nothing to clean.");
        var summary = _run.Complete();
        if (Summary.IsPresent) WriteObject(summary);
    });

    /// <summary>The run first (it records a stopped run and lets go of the lock), then its store.</summary>
    protected override void ReleaseResources()
    {
        _run?.Dispose();
        _run = null;
        _context?.Dispose();
        _context = null;
    }
}
