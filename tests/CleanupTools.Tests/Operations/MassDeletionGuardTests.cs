using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// The mass-deletion guard (restic's lesson): a real run that would remove every item of a class that still
/// holds data, or at least MaxDeletionPercent of them, or that a zero retention drives, stops before deleting
/// anything; previews only warn; pipeline input is guarded too; the environment can set and allow it.
/// </summary>
public sealed class MassDeletionGuardTests
{
    private const string StopMessage = "Stopped before deleting anything";

    /// <summary>Three expired completed jobs: every completed job that still holds data would go.</summary>
    private static JobFiles[] AllExpired(JobInstallation install) =>
        Enumerable.Range(1, 3).Select(i => install.AddJob($"job-{i}", "completed", 300 + 100 * i, seed: i)).ToArray();

    private static void AssertNothingChanged(JobInstallation install, SortedDictionary<string, string> before, IReadOnlyList<string> rowsBefore, RecordingHost host)
    {
        Assert.Equal(before, install.Snapshot());
        Assert.Equal(rowsBefore, install.JobRows());
        Assert.Empty(install.AuditRows());
        Assert.Empty(host.ShouldProcessCalls);
        Assert.Empty(host.Of<CleanupResult>());
    }

    [Fact]
    public void A_run_that_would_remove_every_uncleaned_completed_job_stops_before_anything_is_deleted()
    {
        using var install = new JobInstallation();
        AllExpired(install);
        var before = install.Snapshot();
        var rows = install.JobRows();
        var host = new RecordingHost();

        // Batches of one: a guard that looked batch by batch would already have deleted the first job.
        var e = Assert.Throws<MassDeletionRefusedException>(() => install.Run(host, options: new() { BatchSize = 1 }));

        Assert.Contains(StopMessage, e.Message);
        Assert.Contains("successful_jobs", e.Message);
        Assert.Contains("all 3", e.Message);
        AssertNothingChanged(install, before, rows, host);
    }

    [Fact]
    public void AllowMassDeletion_lets_the_same_run_proceed()
    {
        using var install = new JobInstallation();
        var jobs = AllExpired(install);

        var host = new RecordingHost();
        var summary = install.Run(host, options: new() { AllowMassDeletion = true });

        Assert.Equal(3, summary.SuccessfulJobsProcessed);
        Assert.All(jobs, j => Assert.False(install.AnyPresent(j)));
        Assert.All(jobs, j => Assert.NotNull(install.CleanedAt(j.Id)));
    }

    [Fact]
    public void Jobs_already_cleaned_do_not_count_as_items_that_still_hold_data()
    {
        using var install = new JobInstallation();
        AllExpired(install);
        install.Run(new RecordingHost(), options: new() { AllowMassDeletion = true });
        // Three new jobs expire; the three cleaned ones hold no data any more, so all of the class would go again.
        var fresh = Enumerable.Range(4, 3).Select(i => install.AddJob($"job-{i}", "completed", 200 + i, seed: i)).ToArray();
        var before = install.Snapshot();

        Assert.Throws<MassDeletionRefusedException>(() => install.Run(new RecordingHost()));

        Assert.Equal(before, install.Snapshot());
        Assert.All(fresh, j => Assert.True(install.AllPresent(j)));
    }

    [Fact]
    public void MaxDeletionPercent_50_stops_a_run_removing_3_of_4()
    {
        using var install = new JobInstallation();
        AllExpired(install);
        install.AddJob("job-young", "completed", 10, seed: 9);
        var before = install.Snapshot();
        var rows = install.JobRows();
        var host = new RecordingHost();

        var e = Assert.Throws<MassDeletionRefusedException>(() => install.Run(host, options: new() { MaxDeletionPercent = 50 }));

        Assert.Contains("3 of 4", e.Message);
        Assert.Contains("50", e.Message);
        AssertNothingChanged(install, before, rows, host);
    }

    [Fact]
    public void The_default_limit_lets_a_run_removing_3_of_4_go()
    {
        using var install = new JobInstallation();
        var jobs = AllExpired(install);
        install.AddJob("job-young", "completed", 10, seed: 9);

        install.Run(new RecordingHost());

        Assert.All(jobs, j => Assert.False(install.AnyPresent(j)));
    }

    [Fact]
    public void MaxDeletionPercent_50_lets_a_run_removing_1_of_4_go()
    {
        using var install = new JobInstallation();
        var old = install.AddJob("job-old", "completed", 500, seed: 1);
        var young = Enumerable.Range(1, 3).Select(i => install.AddJob($"job-young-{i}", "completed", 10 * i, seed: 1 + i)).ToArray();

        var host = new RecordingHost();
        install.Run(host, options: new() { MaxDeletionPercent = 50 });

        Assert.Equal(CleanupOutcome.Deleted, Assert.Single(host.Of<CleanupResult>()).Outcome);
        Assert.False(install.AnyPresent(old));
        Assert.All(young, j => Assert.True(install.AllPresent(j)));
    }

    [Fact]
    public void MaxDeletionPercent_50_stops_a_run_removing_exactly_half()
    {
        using var install = new JobInstallation();
        install.AddJob("job-old-1", "completed", 500, seed: 1);
        install.AddJob("job-old-2", "completed", 600, seed: 2);
        install.AddJob("job-young-1", "completed", 10, seed: 3);
        install.AddJob("job-young-2", "completed", 20, seed: 4);
        var before = install.Snapshot();

        Assert.Throws<MassDeletionRefusedException>(() => install.Run(new RecordingHost(), options: new() { MaxDeletionPercent = 50 }));

        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void A_class_of_a_single_item_is_exempt()
    {
        using var install = new JobInstallation();
        var completed = install.AddJob("job-c", "completed", 500, seed: 1);
        var failed = install.AddJob("job-f", "failed", 500, seed: 2);

        var host = new RecordingHost();
        install.Run(host, options: new() { MaxDeletionPercent = 1 });

        Assert.False(install.AnyPresent(completed));
        Assert.False(install.AnyPresent(failed));
        Assert.Empty(host.Warnings.Where(w => w.Contains("would stop", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_stored_zero_retention_stops_the_next_run_unless_mass_deletion_is_allowed()
    {
        using var install = new JobInstallation();
        var jobs = new[]
        {
            install.AddJob("job-1", "completed", 1, seed: 1),
            install.AddJob("job-2", "completed", 2, seed: 2),
            install.AddJob("job-3", "completed", 3, seed: 3),
            install.AddJob("job-4", "completed", 4, seed: 4),
        };
        using (var context = install.Open())
        {
            Assert.Throws<ConfigurationException>(() =>
                PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.Zero }, new RecordingHost()));
            var stored = PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.Zero, AllowMassDeletion = true }, new RecordingHost());
            Assert.Equal(TimeSpan.Zero, stored!.Retention);
        }
        var before = install.Snapshot();

        // Even at a limit no share reaches, and with only some of the jobs selected, zero retention stops the run.
        var e = Assert.Throws<MassDeletionRefusedException>(() => install.Run(new RecordingHost(), options: new() { MaxDeletionPercent = 100 }));
        Assert.Contains("zero retention", e.Message);
        Assert.Equal(before, install.Snapshot());
        Assert.Throws<MassDeletionRefusedException>(() => install.Run(new RecordingHost(), ids: new[] { "job-1" }));
        Assert.Equal(before, install.Snapshot());

        install.Run(new RecordingHost(), options: new() { AllowMassDeletion = true });
        Assert.All(jobs, j => Assert.False(install.AnyPresent(j)));
    }

    [Fact]
    public void A_dry_run_only_warns_that_a_real_run_would_stop_and_changes_nothing()
    {
        using var install = new JobInstallation();
        AllExpired(install);
        var before = install.Snapshot();
        var rows = install.JobRows();
        var host = new RecordingHost();

        var summary = install.Run(host, dryRun: true);

        Assert.Contains(host.Warnings, w => w.Contains("A real run would stop", StringComparison.Ordinal) && w.Contains(StopMessage, StringComparison.Ordinal));
        Assert.True(summary.DryRun);
        Assert.Equal(3, host.Of<CleanupResult>().Count(r => r.Outcome == CleanupOutcome.WouldDelete));
        Assert.Equal(before, install.Snapshot());
        Assert.Equal(rows, install.JobRows());
        Assert.Empty(install.AuditRows());
    }

    [Fact]
    public void WhatIf_only_warns_and_changes_nothing()
    {
        using var install = new JobInstallation();
        AllExpired(install);
        var before = install.Snapshot();
        var host = new RecordingHost(shouldProcess: false);

        install.Run(host, dryRun: false, whatIf: true);

        Assert.Contains(host.Warnings, w => w.Contains("A real run would stop", StringComparison.Ordinal));
        Assert.Equal(before, install.Snapshot());
        Assert.Empty(install.AuditRows());
    }

    [Fact]
    public void Pipeline_input_is_guarded_before_the_first_job_is_deleted()
    {
        using var install = new JobInstallation();
        var jobs = AllExpired(install);
        var before = install.Snapshot();
        var rows = install.JobRows();
        var host = new RecordingHost();

        Assert.Throws<MassDeletionRefusedException>(() => install.Run(host, options: new() { BatchSize = 1 }, ids: jobs.Select(j => j.Id)));

        AssertNothingChanged(install, before, rows, host);
    }

    [Fact]
    public void Pipeline_input_of_one_job_out_of_three_goes()
    {
        using var install = new JobInstallation();
        var jobs = AllExpired(install);

        install.Run(new RecordingHost(), ids: new[] { jobs[0].Id });

        Assert.False(install.AnyPresent(jobs[0]));
        Assert.True(install.AllPresent(jobs[1]));
        Assert.True(install.AllPresent(jobs[2]));
    }

    [Fact]
    public void The_environment_sets_the_limit_and_can_allow_mass_deletion()
    {
        using var install = new JobInstallation();
        var jobs = AllExpired(install);
        install.AddJob("job-young", "completed", 10, seed: 9);
        var before = install.Snapshot();

        // 3 of 4 passes the default limit, but not 50 % from the environment.
        Assert.Throws<MassDeletionRefusedException>(() => RunWith(install, new() { ["CLEANUPTOOLS_MAX_DELETION_PERCENT"] = "50" }, new CleanupOptions()));
        Assert.Equal(before, install.Snapshot());
        // An explicit option outranks the environment.
        Assert.Throws<MassDeletionRefusedException>(() => RunWith(install,
            new() { ["CLEANUPTOOLS_MAX_DELETION_PERCENT"] = "50", ["CLEANUPTOOLS_ALLOW_MASS_DELETION"] = "true" }, new CleanupOptions { AllowMassDeletion = false }));
        Assert.Equal(before, install.Snapshot());
        // A value that is not a percentage is bad input, not a default.
        Assert.Throws<ConfigurationException>(() => RunWith(install, new() { ["CLEANUPTOOLS_MAX_DELETION_PERCENT"] = "0" }, new CleanupOptions()));
        Assert.Throws<ConfigurationException>(() => RunWith(install, new() { ["CLEANUPTOOLS_ALLOW_MASS_DELETION"] = "perhaps" }, new CleanupOptions()));
        Assert.Equal(before, install.Snapshot());

        var summary = RunWith(install, new() { ["CLEANUPTOOLS_MAX_DELETION_PERCENT"] = "50", ["CLEANUPTOOLS_ALLOW_MASS_DELETION"] = "1" }, new CleanupOptions());

        Assert.Equal(3, summary.SuccessfulJobsProcessed);
        Assert.All(jobs, j => Assert.False(install.AnyPresent(j)));
    }

    private static CleanupRunSummary RunWith(JobInstallation install, Dictionary<string, string?> environment, CleanupOptions options)
    {
        using var context = install.Open(options, environment);
        using var run = new CleanupRun(context, new RecordingHost());
        run.RunEligible(CandidateFilter.None);
        return run.Complete();
    }
}
