using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The confirmation stage on its own: of a planned batch, what cannot go is settled with its reason, each of the rest
/// is put to ShouldProcess, and only what the host approves is handed on. It deletes nothing.
/// </summary>
public sealed class JobConfirmationTests : IDisposable
{
    private readonly RunStages _stages;

    public JobConfirmationTests() : this(new RecordingHost(answer: (target, _) => !target.StartsWith("job-no", StringComparison.Ordinal))) { }

    private JobConfirmationTests(RecordingHost host) => _stages = new RunStages(host);

    public void Dispose() => _stages.Dispose();

    private (IReadOnlyList<JobPlan> Approved, Settlement Settled, RunState State) Confirm(string[] ids, bool dryRun = false, IOperationHost? host = null)
    {
        var state = _stages.State(dryRun, host: host);
        _stages.Context.PrepareRanking();
        var settled = new Settlement();
        var planned = new RunPlanner(_stages.Context, state.ReadOnly).Plan(ids);
        var approved = new JobConfirmation(state, new RunRecorder(state, new RunReporter(state.Summary, state.Host))).Confirm(planned, settled);
        return (approved, settled, state);
    }

    [Fact]
    public void An_approved_job_goes_on_and_a_declined_one_is_counted_and_nothing_else()
    {
        var yes = _stages.Install.AddJob("job-yes", seed: 1);
        var no = _stages.Install.AddJob("job-no", seed: 2);

        var (approved, settled, state) = Confirm(new[] { "job-yes", "job-no" });

        Assert.Equal(new[] { "job-yes" }, approved.Select(p => p.Job.Id));
        Assert.Empty(settled.Results);
        Assert.Equal((2, 1), (state.Summary.JobsConsidered, state.Summary.JobsDeclined));
        Assert.Equal(new[] { "job-yes", "job-no" }, _stages.Host.ShouldProcessCalls.Select(c => c.Target.Split(' ')[0]));
        Assert.StartsWith("Delete data, keep record: results/job-yes", _stages.Host.ShouldProcessCalls[0].Action);
        Assert.True(_stages.Install.AllPresent(yes) && _stages.Install.AllPresent(no));
    }

    [Fact]
    public void A_dry_run_asks_nothing_and_approves_what_may_go()
    {
        _stages.Install.AddJob("job-no");

        var (approved, _, _) = Confirm(new[] { "job-no" }, dryRun: true);

        Assert.Single(approved);
        Assert.Empty(_stages.Host.ShouldProcessCalls);
    }

    [Fact]
    public void Jobs_that_cannot_go_are_settled_with_their_reasons_and_never_put_to_the_host()
    {
        _stages.AddTwins("twin");
        _stages.Install.AddJob("job-running", "running", ageHours: null);

        var (approved, settled, state) = Confirm(new[] { "twin", "ghost", "job-running" });

        Assert.Empty(approved);
        Assert.Empty(_stages.Host.ShouldProcessCalls);
        Assert.Equal(new[] { CleanupOutcome.Failed, CleanupOutcome.Failed, CleanupOutcome.Skipped }, settled.Results.Select(r => r.Result.Outcome));
        Assert.Equal(new[] { "DuplicateJobId", "JobNotFound", null }, settled.Results.Select(r => r.Error?.ErrorId));
        Assert.Empty(settled.Records);
        Assert.Equal((3, 1), (state.Summary.JobsConsidered, state.Summary.JobsSkipped));
    }

    [Fact]
    public void A_job_whose_path_is_unsafe_is_settled_with_a_row_update_and_an_audit_row_but_no_mark()
    {
        _stages.Install.AddJob("job-1");
        _stages.Install.Execute("UPDATE jobs SET dem_filename = '../jobs.db' WHERE id = 'job-1'");

        var (approved, settled, _) = Confirm(new[] { "job-1" });

        Assert.Empty(approved);
        var (result, error) = Assert.Single(settled.Results);
        Assert.Equal(("UnsafeJobPath", CleanupOutcome.Failed), (error?.ErrorId, result.Outcome));
        var record = Assert.Single(settled.Records);
        Assert.Null(record.DataCleanedAt);
        Assert.Equal("Failed", Assert.Single(settled.Audit).Outcome);
    }

    [Fact]
    public void A_host_that_stops_at_errors_gets_each_failure_recorded_and_reported_at_once()
    {
        var host = new StoppingHost();

        var (_, settled, _) = Confirm(new[] { "ghost" }, host: host);

        Assert.Empty(settled.Results);
        Assert.Equal("JobNotFound", Assert.Single(host.Inner.Errors).ErrorId);
    }
}
