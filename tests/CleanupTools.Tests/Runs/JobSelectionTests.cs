using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Stores;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// Which of the store's jobs a run queues, on its own: what its policy lets go; a held job is reported as held; a kept
/// one only mentioned; one the filter does not select passed over in silence.
/// </summary>
public sealed class JobSelectionTests : IDisposable
{
    private readonly RunStages _stages = new();

    public void Dispose() => _stages.Dispose();

    private (bool Wanted, RunState State) Select(string id, CandidateFilter? filter = null)
    {
        _stages.Context.RefreshHolds();
        _stages.Context.PrepareRanking();
        var state = _stages.State();
        var job = _stages.Context.Store.GetJobs(new[] { id }).Single();
        return (new JobSelection(state, new RunReporter(state.Summary, state.Host)).Wanted(job, filter ?? CandidateFilter.None), state);
    }

    [Fact]
    public void A_job_past_its_retention_is_wanted_and_nothing_is_said_yet()
    {
        _stages.Install.AddJob("job-1", ageHours: 500);

        Assert.True(Select("job-1").Wanted);
        Assert.Empty(_stages.Host.Objects);
    }

    [Fact]
    public void A_young_job_is_kept_with_a_verbose_line_only()
    {
        _stages.Install.AddJob("job-1", ageHours: 1);

        Assert.False(Select("job-1").Wanted);
        Assert.StartsWith("Job job-1: kept; ", Assert.Single(_stages.Host.Verbose));
        Assert.Empty(_stages.Host.Objects);
    }

    [Fact]
    public void A_held_job_is_not_wanted_but_reported_as_held()
    {
        _stages.Install.AddJob("job-1", ageHours: 500);
        _stages.Install.AddHold(HoldKind.Job, "job-1", "audit");

        var (wanted, state) = Select("job-1");

        Assert.False(wanted);
        Assert.Equal(1, state.Summary.JobsHeld);
        var result = Assert.Single(_stages.Host.Of<CleanupResult>());
        Assert.Equal((CleanupAction.Held, CleanupOutcome.Skipped), (result.Action, result.Outcome));
    }

    [Fact]
    public void A_job_the_filter_does_not_select_is_passed_over_in_silence()
    {
        _stages.Install.AddJob("job-1", ageHours: 500);

        Assert.False(Select("job-1", new CandidateFilter { JobIdPatterns = new[] { "other-*" } }).Wanted);
        Assert.Empty(_stages.Host.Verbose);
        Assert.Empty(_stages.Host.Objects);
    }
}
