using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Operations.Runs;
using CleanupTools.Stores;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The guard stage on its own: it judges the whole of what a run would remove before anything is, and a real run
/// stops where a preview only warns. It reads the store and deletes nothing.
/// </summary>
public sealed class RunGuardTests : IDisposable
{
    private readonly RunStages _stages = new();

    public RunGuardTests()
    {
        for (var i = 1; i <= 3; i++) _stages.Install.AddJob($"job-{i}", seed: i);
    }

    public void Dispose() => _stages.Dispose();

    private RunGuard Guard(bool readOnly)
    {
        _stages.Context.RefreshHolds();
        _stages.Context.PrepareRanking();
        return new RunGuard(_stages.Context, _stages.Host, readOnly);
    }

    [Fact]
    public void Given_jobs_that_are_every_completed_job_stop_a_real_run()
    {
        var e = Assert.Throws<MassDeletionRefusedException>(() => Guard(readOnly: false).JudgeJobs(new[] { "job-1", "job-2", "job-3" }));

        Assert.Contains("all 3", e.Message);
        Assert.Empty(_stages.Host.Warnings);
    }

    [Fact]
    public void A_preview_only_says_that_the_real_run_would_stop()
    {
        Guard(readOnly: true).JudgeJobs(new[] { "job-1", "job-2", "job-3" });

        Assert.StartsWith("A real run would stop here.", Assert.Single(_stages.Host.Warnings));
    }

    [Fact]
    public void One_given_job_of_three_is_let_through() => Guard(readOnly: false).JudgeJobs(new[] { "job-2" });

    [Fact]
    public void The_store_pass_sees_every_job_the_filter_selects_before_any_is_deleted()
    {
        var query = new JobQuery(new CandidateFilter { Statuses = new[] { JobStatus.Completed, JobStatus.Failed } }.RawStatuses(_stages.Context.Settings.Mapping));

        Assert.Throws<MassDeletionRefusedException>(() => Guard(readOnly: false).JudgeStore(CandidateFilter.None, query, includesPaths: false));
        Assert.All(Enumerable.Range(1, 3), i => Assert.True(Directory.Exists(_stages.Install.ResultsOf($"job-{i}"))));
    }

    [Fact]
    public void A_run_allowed_mass_deletion_is_not_judged()
    {
        using var stages = new RunStages(options: new CleanupOptions { AllowMassDeletion = true });
        for (var i = 1; i <= 3; i++) stages.Install.AddJob($"job-{i}", seed: i);
        stages.Context.PrepareRanking();

        new RunGuard(stages.Context, stages.Host, readOnly: false).JudgeJobs(new[] { "job-1", "job-2", "job-3" });

        Assert.Empty(stages.Host.Warnings);
    }
}
