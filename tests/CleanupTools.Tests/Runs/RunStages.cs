using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// One stage's world, without a <see cref="CleanupRun"/> around it: a real installation (real SQLite store, real files),
/// a context opened on it, a recording host, and the run state a run would share with its stages.
/// </summary>
internal sealed class RunStages : IDisposable
{
    private CleanupContext? _context;

    public RunStages(RecordingHost? host = null, CleanupOptions? options = null)
    {
        Host = host ?? new RecordingHost();
        Options = options ?? new CleanupOptions();
    }

    public JobInstallation Install { get; } = new();
    public RecordingHost Host { get; }
    public CleanupOptions Options { get; }
    public CleanupContext Context => _context ??= Install.Open(Options);

    public RunState State(bool dryRun = false, bool whatIf = false, CleanupTrigger trigger = CleanupTrigger.Manual, IOperationHost? host = null)
    {
        var identity = RunIdentity.Create(Install.Clock.Now, trigger);
        var summary = new CleanupRunSummary { StartTime = Install.Clock.Now, DryRun = dryRun, RunId = identity.RunId, Trigger = trigger };
        return new RunState(Context, host ?? Host, identity, summary, dryRun, readOnly: dryRun || whatIf);
    }

    /// <summary>The plans of the given jobs as the plan stage makes them now.</summary>
    public IReadOnlyList<JobPlan> Plans(params string[] ids)
    {
        Context.PrepareRanking();
        return new RunPlanner(Context, readOnly: false).Plan(ids).Select(p => p.Plan!).ToArray();
    }

    /// <summary>Two rows that share one id: the jobs table rebuilt without its PRIMARY KEY first.</summary>
    public void AddTwins(string id)
    {
        Install.Execute("CREATE TABLE jobs_copy AS SELECT * FROM jobs");
        Install.Execute("DROP TABLE jobs");
        Install.Execute("ALTER TABLE jobs_copy RENAME TO jobs");
        Install.InsertRow(id, "completed", Install.HoursAgo(500), "a.tif");
        Install.InsertRow(id, "completed", Install.HoursAgo(500), "b.tif");
    }

    public void Dispose()
    {
        _context?.Dispose();
        Install.Dispose();
    }
}

/// <summary>A recording host that, like -ErrorAction Stop, ends the run at the first error it is given.</summary>
internal sealed class StoppingHost : IOperationHost
{
    public RecordingHost Inner { get; } = new();
    public bool StopsAtFirstError => true;
    public CancellationToken Cancellation => Inner.Cancellation;
    public void WriteObject(object item) => Inner.WriteObject(item);
    public void WriteVerbose(string message) => Inner.WriteVerbose(message);
    public void WriteWarning(string message) => Inner.WriteWarning(message);
    public void WriteNotice(Notice notice) => Inner.WriteNotice(notice);
    public void WriteError(OperationError error) => Inner.WriteError(error);
    public void WriteProgress(OperationProgress progress) => Inner.WriteProgress(progress);
    public bool ShouldProcess(string target, string action) => Inner.ShouldProcess(target, action);
}
