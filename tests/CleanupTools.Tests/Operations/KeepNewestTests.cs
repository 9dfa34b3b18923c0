using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// Keep-newest-N (Set-RetentionPolicy -KeepNewest / -KeepNewestPerWorkflow / -KeepLatestPerWorkflow): the N
/// newest jobs of a job-status policy stay whatever their age, ties at the boundary included, counted per
/// workflow type when asked; only job-status policies take it.
/// </summary>
public sealed class KeepNewestTests
{
    private static Dictionary<string, CleanupCandidate> Find(JobInstallation install)
    {
        using var context = install.Open();
        return CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, new RecordingHost()).ToDictionary(c => c.Target);
    }

    private static void Job(JobInstallation install, string id, double ageHours, string workflow = "eemt", string status = "completed", int seed = 1)
    {
        install.AddJob(id, status, ageHours, seed: seed);
        install.Execute("UPDATE jobs SET workflow_type = $w WHERE id = $id", ("$w", workflow), ("$id", id));
    }

    [Fact]
    public void The_N_newest_expired_jobs_are_kept_with_a_reason_and_the_older_ones_go()
    {
        using var install = new JobInstallation();
        Job(install, "job-a", 200, seed: 1);
        Job(install, "job-b", 300, seed: 2);
        Job(install, "job-c", 400, seed: 3);
        Job(install, "job-d", 500, seed: 4);
        var policy = install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepNewest = 2 });
        Assert.Equal(2, policy.KeepNewest);
        Assert.False(policy.KeepNewestPerWorkflow);

        var candidates = Find(install);
        foreach (var id in new[] { "job-a", "job-b" })
        {
            Assert.Equal(CleanupAction.Keep, candidates[id].Action);
            Assert.Contains("2 newest", candidates[id].Reason);
            Assert.Contains("successful_jobs", candidates[id].Reason);
        }
        Assert.Equal(CleanupAction.DeleteData, candidates["job-c"].Action);
        Assert.Equal(CleanupAction.DeleteData, candidates["job-d"].Action);

        var host = new RecordingHost();
        install.Run(host);

        Assert.Equal(new[] { "job-c", "job-d" }, host.Of<CleanupResult>().Where(r => r.Outcome == CleanupOutcome.Deleted).Select(r => r.JobId).Order());
        Assert.True(Directory.Exists(install.ResultsOf("job-a")));
        Assert.True(Directory.Exists(install.ResultsOf("job-b")));
        Assert.Null(install.CleanedAt("job-a"));
        Assert.Null(install.CleanedAt("job-b"));
        Assert.False(Directory.Exists(install.ResultsOf("job-c")));
    }

    [Fact]
    public void Ties_at_the_boundary_are_all_kept()
    {
        using var install = new JobInstallation();
        // Inserted oldest first and in a mixed order, so row order cannot decide which tied job is "newer".
        Job(install, "job-1-t2", 300, seed: 1);
        Job(install, "job-2-t1", 400, seed: 2);
        Job(install, "job-3-t3", 200, seed: 3);
        Job(install, "job-4-t2", 300, seed: 4);
        install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepNewest = 2 });

        var candidates = Find(install);

        Assert.Equal(CleanupAction.Keep, candidates["job-3-t3"].Action);
        Assert.Equal(CleanupAction.Keep, candidates["job-1-t2"].Action);
        Assert.Equal(CleanupAction.Keep, candidates["job-4-t2"].Action);
        Assert.Equal(CleanupAction.DeleteData, candidates["job-2-t1"].Action);

        var host = new RecordingHost();
        install.Run(host);
        Assert.Equal("job-2-t1", Assert.Single(host.Of<CleanupResult>(), r => r.Outcome == CleanupOutcome.Deleted).JobId);
        Assert.True(Directory.Exists(install.ResultsOf("job-1-t2")));
        Assert.True(Directory.Exists(install.ResultsOf("job-4-t2")));
    }

    [Fact]
    public void Keep_newest_per_workflow_type_counts_each_type_separately()
    {
        using var install = new JobInstallation();
        Job(install, "sol-new", 200, "sol", seed: 1);
        Job(install, "sol-old", 300, "sol", seed: 2);
        Job(install, "eemt-new", 250, "eemt", seed: 3);
        Job(install, "eemt-old", 600, "eemt", seed: 4);
        Job(install, "full-only", 900, "eemt_full", seed: 5);
        var policy = install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepNewest = 1, KeepNewestPerWorkflow = true });
        Assert.True(policy.KeepNewestPerWorkflow);

        var candidates = Find(install);

        Assert.Equal(CleanupAction.Keep, candidates["sol-new"].Action);
        Assert.Contains("workflow type 'sol'", candidates["sol-new"].Reason);
        Assert.Equal(CleanupAction.Keep, candidates["eemt-new"].Action);
        Assert.Equal(CleanupAction.Keep, candidates["full-only"].Action);
        Assert.Contains("workflow type 'eemt_full'", candidates["full-only"].Reason);
        Assert.Equal(CleanupAction.DeleteData, candidates["sol-old"].Action);
        Assert.Equal(CleanupAction.DeleteData, candidates["eemt-old"].Action);

        var host = new RecordingHost();
        install.Run(host);
        Assert.Equal(new[] { "eemt-old", "sol-old" }, host.Of<CleanupResult>().Where(r => r.Outcome == CleanupOutcome.Deleted).Select(r => r.JobId).Order());
        Assert.True(Directory.Exists(install.ResultsOf("full-only")));
    }

    [Fact]
    public void Keep_latest_per_workflow_is_keep_newest_one_per_workflow_type()
    {
        using var install = new JobInstallation();
        Job(install, "sol-new", 200, "sol", seed: 1);
        Job(install, "sol-old", 300, "sol", seed: 2);
        Job(install, "eemt-new", 250, "eemt", seed: 3);
        Job(install, "eemt-old", 600, "eemt", seed: 4);

        var latest = install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepLatestPerWorkflow = true });
        var withLatest = Find(install).ToDictionary(c => c.Key, c => (c.Value.Action, c.Value.Reason));
        using (var context = install.Open()) PolicyService.Reset(context, new[] { "successful_jobs" }, new RecordingHost());
        var explicitOne = install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepNewest = 1, KeepNewestPerWorkflow = true });
        var withExplicit = Find(install).ToDictionary(c => c.Key, c => (c.Value.Action, c.Value.Reason));

        Assert.Equal(1, latest.KeepNewest);
        Assert.True(latest.KeepNewestPerWorkflow);
        Assert.Equal(explicitOne.KeepNewest, latest.KeepNewest);
        Assert.Equal(explicitOne.KeepNewestPerWorkflow, latest.KeepNewestPerWorkflow);
        Assert.Equal(withExplicit, withLatest);
        Assert.Equal(CleanupAction.Keep, withLatest["sol-new"].Action);
        Assert.Equal(CleanupAction.DeleteData, withLatest["sol-old"].Action);
    }

    [Fact]
    public void Keep_newest_zero_removes_the_rule_and_the_jobs_may_go_again()
    {
        using var install = new JobInstallation();
        Job(install, "job-a", 200, seed: 1);
        Job(install, "job-b", 300, seed: 2);
        Job(install, "job-c", 20, seed: 3);
        install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepNewest = 5 });
        Assert.All(Find(install).Values, c => Assert.Equal(CleanupAction.Keep, c.Action));

        var cleared = install.SetPolicy(new PolicyChange { Name = "successful_jobs", KeepNewest = 0 });

        Assert.Null(cleared.KeepNewest);
        Assert.False(cleared.KeepNewestPerWorkflow);
        Assert.Equal(CleanupAction.DeleteData, Find(install)["job-a"].Action);
    }

    [Fact]
    public void Keep_newest_below_zero_is_rejected_and_writes_nothing()
    {
        using var install = new JobInstallation();
        Job(install, "job-a", 200);
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            var e = Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", KeepNewest = -1 }, new RecordingHost()));
            Assert.Contains("KeepNewest", e.Message);
        }
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Keep_newest_on_a_component_policy_is_rejected_and_writes_nothing()
    {
        using var install = new JobInstallation();
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context,
                new PolicyChange { Name = "result_files", Component = DataComponent.Results, Retention = TimeSpan.FromHours(48), KeepNewest = 2 }, new RecordingHost()));
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context,
                new PolicyChange { Name = "result_files", Component = DataComponent.Results, Retention = TimeSpan.FromHours(48), KeepLatestPerWorkflow = true }, new RecordingHost()));
        }
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Keep_newest_on_an_existing_component_policy_is_rejected()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "result_files", Component = DataComponent.Results, Retention = TimeSpan.FromHours(48) });
        var before = install.Snapshot();

        using (var context = install.Open())
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "result_files", KeepNewest = 3 }, new RecordingHost()));
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Keep_latest_per_workflow_on_a_path_class_is_rejected_and_writes_nothing()
    {
        using var install = new JobInstallation();
        var before = install.Snapshot();

        using (var context = install.Open())
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "dbt_logs", KeepLatestPerWorkflow = true }, new RecordingHost()));
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Keep_newest_on_a_path_class_is_rejected_and_writes_nothing()
    {
        using var install = new JobInstallation();
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            // Built-in path class, and a new one: neither has anything that keeps "the newest N" files.
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "dbt_logs", KeepNewest = 3 }, new RecordingHost()));
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context,
                new PolicyChange { Name = "scratch_files", Root = install.Outside, Patterns = new[] { "**/*.scratch" }, Retention = TimeSpan.FromDays(2), KeepNewest = 3 }, new RecordingHost()));
        }
        Assert.Equal(before, install.Snapshot());
    }
}
