using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>A dry run, a -WhatIf and a declined policy change leave the database byte-identical and every file in place.</summary>
public sealed class SqliteJobStoreDryRunTests : IDisposable
{
    private readonly Installation _installation = new();

    public void Dispose() => _installation.Dispose();

    [Fact]
    public void A_dry_run_reports_what_would_go_and_changes_nothing()
    {
        var bytes = File.ReadAllBytes(_installation.DbPath);
        var files = _installation.Files();
        var host = new RecordingHost();

        CleanupRunSummary summary;
        using (var context = _installation.Open())
        {
            using var run = new CleanupRun(context, host, dryRun: true);
            run.RunEligible(CandidateFilter.None);
            summary = run.Complete();
        }

        var results = host.Of<CleanupResult>().ToList();
        Assert.Equal(Installation.EligibleIds, results.Select(r => r.JobId).OrderBy(i => i, StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(CleanupOutcome.WouldDelete, r.Outcome));
        Assert.All(results, r => Assert.False(r.DataDeleted));
        Assert.True(summary.DryRun);
        Assert.Equal(results.Sum(r => r.BytesFreed), summary.TotalBytesFreed);
        Assert.True(summary.TotalBytesFreed > 0);
        Assert.Empty(host.ShouldProcessCalls);

        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
        Assert.Empty(JobsDb.SideFiles(_installation.DbPath));
        Assert.Equal(files, _installation.Files());
    }

    [Fact]
    public void A_dry_run_from_EEMT_CLEANUP_DRY_RUN_changes_nothing()
    {
        var bytes = File.ReadAllBytes(_installation.DbPath);
        var files = _installation.Files();
        var host = new RecordingHost();

        using (var context = _installation.Open(environment: new EnvironmentReader(new Dictionary<string, string?> { ["EEMT_CLEANUP_DRY_RUN"] = "true" })))
        {
            Assert.True(context.Settings.DryRun);
            using var run = new CleanupRun(context, host);
            run.RunEligible(CandidateFilter.None);
            Assert.True(run.Complete().DryRun);
        }

        Assert.Equal(3, host.Of<CleanupResult>().Count(r => r.Outcome == CleanupOutcome.WouldDelete));
        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
        Assert.Equal(files, _installation.Files());
    }

    [Fact]
    public void A_WhatIf_run_whose_host_declines_every_job_changes_nothing()
    {
        var bytes = File.ReadAllBytes(_installation.DbPath);
        var files = _installation.Files();
        var host = new RecordingHost(shouldProcess: false);

        using (var context = _installation.Open())
        {
            using var run = new CleanupRun(context, host, dryRun: false, whatIf: true);
            run.RunEligible(CandidateFilter.None);
            Assert.Equal(3, run.Complete().JobsDeclined);
        }

        Assert.Equal(3, host.ShouldProcessCalls.Count);
        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
        Assert.Empty(JobsDb.SideFiles(_installation.DbPath));
        Assert.Equal(files, _installation.Files());
    }

    [Fact]
    public void A_policy_change_the_host_declines_writes_nothing_not_even_the_policy_table()
    {
        var bytes = File.ReadAllBytes(_installation.DbPath);
        var host = new RecordingHost(shouldProcess: false);

        using (var context = _installation.Open())
        {
            var result = PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(24), Enabled = null, Description = "shorter" }, host);

            Assert.Null(result);
            Assert.Empty(context.Store.Migrations);
        }

        var call = Assert.Single(host.ShouldProcessCalls);
        Assert.Contains(PolicyNames.SuccessfulJobs, call.Target);
        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
        Assert.Empty(JobsDb.SideFiles(_installation.DbPath));
        Assert.Equal(0L, JobsDb.Scalar(_installation.DbPath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cleanup_policies'"));
    }

    [Fact]
    public void The_same_policy_change_accepted_does_write_so_the_identity_checks_can_fail()
    {
        var bytes = File.ReadAllBytes(_installation.DbPath);

        using (var context = _installation.Open())
        {
            var result = PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(24), Enabled = null, Description = null }, new RecordingHost(shouldProcess: true));
            Assert.NotNull(result);
            Assert.Equal(SettingSource.Stored, result.Source);
        }

        Assert.NotEqual(bytes, File.ReadAllBytes(_installation.DbPath));
    }
}
