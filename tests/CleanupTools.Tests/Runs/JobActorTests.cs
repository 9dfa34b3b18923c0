using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Operations.Runs;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The act stage on its own, on real files: each approved job is re-checked against the real store by the worker
/// about to act on it, then deleted (or moved into the run's backup). It writes nothing to the store.
/// </summary>
public sealed class JobActorTests : IDisposable
{
    private readonly RunStages _stages;

    public JobActorTests() : this(new CleanupOptions()) { }

    private JobActorTests(CleanupOptions options) => _stages = new RunStages(options: options);

    public void Dispose() => _stages.Dispose();

    private JobActor Actor(RunState state) => new(state, new JobRecheck(_stages.Context));

    [Fact]
    public void A_batch_is_deleted_on_the_workers_and_nothing_is_recorded()
    {
        var jobs = Enumerable.Range(1, 4).Select(i => _stages.Install.AddJob($"job-{i}", seed: i)).ToArray();
        var plans = _stages.Plans(jobs.Select(j => j.Id).ToArray());

        var acts = Actor(_stages.State()).ActOn(plans);

        Assert.All(acts, a => Assert.Null(a.Refused));
        Assert.All(acts, a => Assert.All(a.Outcomes, o => Assert.True(o.Removed)));
        Assert.All(jobs, j => Assert.False(_stages.Install.AnyPresent(j)));
        Assert.All(jobs, j => Assert.Null(_stages.Install.CleanedAt(j.Id)));
    }

    [Fact]
    public void A_job_re_run_after_its_plan_is_refused_by_its_worker_and_keeps_its_files()
    {
        var kept = _stages.Install.AddJob("job-1", seed: 1);
        var gone = _stages.Install.AddJob("job-2", seed: 2);
        var plans = _stages.Plans("job-1", "job-2");
        _stages.Install.Execute("UPDATE jobs SET status = 'running' WHERE id = 'job-1'");

        var acts = Actor(_stages.State()).ActOn(plans);

        Assert.Equal("status changed from 'completed' to 'running' since it was evaluated", acts[0].Refused?.Reason);
        Assert.Empty(acts[0].Outcomes);
        Assert.True(_stages.Install.AllPresent(kept));
        Assert.Null(acts[1].Refused);
        Assert.False(_stages.Install.AnyPresent(gone));
    }

    [Fact]
    public void A_dry_run_measures_and_removes_nothing()
    {
        var job = _stages.Install.AddJob("job-1");
        var plans = _stages.Plans("job-1");

        var act = Actor(_stages.State(dryRun: true)).ActOn(plans[0]);

        Assert.Null(act.Refused);
        Assert.False(act.Quarantined);
        Assert.Equal(job.ResultsBytes + job.UploadBytes + job.TempBytes, act.Outcomes.Sum(o => o.Tally.Bytes));
        Assert.All(act.Outcomes, o => Assert.False(o.Removed));
        Assert.True(_stages.Install.AllPresent(job));
    }

    [Fact]
    public void A_quarantining_run_moves_each_job_into_its_backup_and_marks_the_moves_at_the_end()
    {
        using var stages = new RunStages(options: new CleanupOptions { Quarantine = true });
        var job = stages.Install.AddJob("job-1");
        var plans = stages.Plans("job-1");
        var state = stages.State();
        var actor = new JobActor(state, new JobRecheck(stages.Context));

        var act = actor.ActOn(plans);

        Assert.True(act[0].Quarantined);
        Assert.False(stages.Install.AnyPresent(job));
        Assert.Null(actor.RecordMoves());
        var backup = Path.Combine(stages.Context.Settings.BackupDir, state.Identity.RunId);
        Assert.True(Directory.Exists(backup), $"no backup at {backup}");
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(backup, "*", SearchOption.AllDirectories).Where(p => p.Contains("job-1", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_emergency_run_deletes_what_would_be_quarantined_and_warns_once()
    {
        using var stages = new RunStages(options: new CleanupOptions { Quarantine = true });
        var jobs = new[] { stages.Install.AddJob("job-1", seed: 1), stages.Install.AddJob("job-2", seed: 2) };
        var state = stages.State(trigger: CleanupTrigger.Emergency);

        var acts = new JobActor(state, new JobRecheck(stages.Context)).ActOn(stages.Plans("job-1", "job-2"));

        Assert.All(acts, a => Assert.False(a.Quarantined));
        Assert.All(jobs, j => Assert.False(stages.Install.AnyPresent(j)));
        Assert.Single(stages.Host.Warnings, w => w.StartsWith("Emergency run:", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(stages.Context.Settings.BackupDir, state.Identity.RunId)));
    }
}
