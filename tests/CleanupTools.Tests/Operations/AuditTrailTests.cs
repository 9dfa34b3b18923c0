using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Stores;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// cleanup_audit after real runs: one row per job acted on (Deleted, Partial, Failed), none for skipped,
/// declined or previewed jobs, one run row carrying the summary's RunId, trigger and bytes; and the history
/// queries and statistics over it.
/// </summary>
public sealed class AuditTrailTests
{
    private const string Hostile = "../x";

    private sealed record Mixed(JobFiles Ok, JobFiles Partial, JobFiles Declined, JobFiles PathHeld, JobFiles Young, string Locked);

    /// <summary>
    /// Completed jobs of every kind: one that goes, one with an undeletable file (Partial), a hostile id
    /// (UnsafeJobPath failure), one the host declines, one a path hold keeps, and a young one.
    /// </summary>
    private static Mixed Arrange(JobInstallation install)
    {
        var ok = install.AddJob("job-ok", "completed", 500, seed: 1);
        var partial = install.AddJob("job-partial", "completed", 600, seed: 2);
        var locked = Path.Combine(install.ResultsOf(partial.Id), "outputs", "locked.tif");
        JobInstallation.Write(locked, 9_999, 77);
        Undeletable.Make(locked);
        install.InsertRow(Hostile, "completed", install.HoursAgo(700), null);
        var declined = install.AddJob("job-declined", "completed", 800, seed: 3);
        var held = install.AddJob("job-pathheld", "completed", 900, seed: 4);
        using (var context = install.Open())
            HoldService.Add(context, HoldKind.Path, install.ResultsOf(held.Id), "keep for the paper", null, new RecordingHost());
        var young = install.AddJob("job-young", "completed", 10, seed: 5);
        return new Mixed(ok, partial, declined, held, young, locked);
    }

    private static RecordingHost Declining(string id) => new((target, _) => !target.StartsWith(id + " ", StringComparison.Ordinal));

    private static IReadOnlyList<CleanupAuditEntry> History(JobInstallation install, AuditQuery query)
    {
        using var context = install.Open();
        return HistoryService.Get(context, query);
    }

    [Fact]
    public void A_real_run_writes_one_row_per_job_acted_on_and_one_run_row()
    {
        using var install = new JobInstallation();
        var jobs = Arrange(install);
        var host = Declining(jobs.Declined.Id);

        var summary = install.Run(host, options: new() { MaxWorkers = 1, Trigger = CleanupTrigger.Automatic });

        var results = host.Of<CleanupResult>().ToDictionary(r => r.Target);
        Assert.Equal(CleanupOutcome.Deleted, results[jobs.Ok.Id].Outcome);
        Assert.Equal(CleanupOutcome.Partial, results[jobs.Partial.Id].Outcome);
        Assert.Equal(CleanupOutcome.Failed, results[Hostile].Outcome);
        Assert.Equal(CleanupOutcome.Skipped, results[jobs.PathHeld.Id].Outcome);
        Assert.Equal(1, summary.JobsDeclined);
        Assert.Contains(host.Errors, e => e.ErrorId == "UnsafeJobPath");

        var rows = install.AuditRows();
        Assert.Equal(4, rows.Count);
        Assert.Equal(
            new[] { $"job {Hostile} DeleteData Failed", $"job {jobs.Ok.Id} DeleteData Deleted", $"job {jobs.Partial.Id} DeleteData Partial" },
            rows.Take(3).Order(StringComparer.Ordinal));
        Assert.Equal($"run {summary.RunId} Run CompletedWithErrors", rows[^1]);

        var entries = History(install, new AuditQuery());
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal(summary.RunId, e.RunId);
            Assert.Equal(CleanupTrigger.Automatic, e.Trigger);
            Assert.Equal(install.Clock.Now, e.Timestamp);
            Assert.Equal(Environment.UserName, e.User);
            Assert.False(string.IsNullOrEmpty(e.Host));
        });
        foreach (var id in new[] { jobs.Ok.Id, jobs.Partial.Id, Hostile })
        {
            var entry = Assert.Single(entries, e => e.TargetKind == CleanupAuditEntry.JobTarget && e.Target == id);
            Assert.Equal(id, entry.JobId);
            Assert.Equal("successful_jobs", entry.Policy);
            Assert.Equal(results[id].BytesFreed, entry.Bytes);
        }
        Assert.Equal(jobs.Ok.TotalBytes, Assert.Single(entries, e => e.Target == jobs.Ok.Id).Bytes);
        Assert.Null(Assert.Single(entries, e => e.Target == jobs.Ok.Id).Error);
        Assert.Contains("locked.tif", Assert.Single(entries, e => e.Target == jobs.Partial.Id).Error);
        Assert.False(string.IsNullOrEmpty(Assert.Single(entries, e => e.Target == Hostile).Error));
        Assert.Equal(0, Assert.Single(entries, e => e.Target == Hostile).Bytes);

        var run = Assert.Single(entries, e => e.TargetKind == CleanupAuditEntry.RunTarget);
        Assert.Equal(summary.RunId, run.Target);
        Assert.Null(run.JobId);
        Assert.Equal(summary.TotalBytesFreed, run.Bytes);
        Assert.Equal(results[jobs.Ok.Id].BytesFreed + results[jobs.Partial.Id].BytesFreed, run.Bytes);
        Assert.Equal("CompletedWithErrors", run.Outcome);
        Assert.Contains("2 jobs with errors", run.Error);

        // Nothing for the skipped, declined or young jobs.
        foreach (var id in new[] { jobs.Declined.Id, jobs.PathHeld.Id, jobs.Young.Id })
            Assert.Empty(History(install, new AuditQuery { JobId = id }));
        Assert.True(install.AllPresent(jobs.Declined));
        Assert.True(install.AllPresent(jobs.PathHeld));
    }

    [Fact]
    public void A_clean_run_records_Completed_with_the_manual_trigger_by_default()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-1", "completed", 500, seed: 1);
        install.AddJob("job-young", "completed", 5, seed: 2);

        var summary = install.Run(new RecordingHost());

        Assert.Equal(new[] { $"job {job.Id} DeleteData Deleted", $"run {summary.RunId} Run Completed" }, install.AuditRows());
        var entries = History(install, new AuditQuery());
        Assert.All(entries, e => Assert.Equal(CleanupTrigger.Manual, e.Trigger));
        Assert.Null(Assert.Single(entries, e => e.TargetKind == CleanupAuditEntry.RunTarget).Error);
        Assert.Equal(job.TotalBytes, summary.TotalBytesFreed);
    }

    [Fact]
    public void A_run_with_nothing_to_do_records_only_its_run_row()
    {
        using var install = new JobInstallation();
        install.AddJob("job-young", "completed", 5, seed: 1);

        var summary = install.Run(new RecordingHost());

        Assert.Equal(new[] { $"run {summary.RunId} Run Completed" }, install.AuditRows());
    }

    [Fact]
    public void A_dry_run_writes_no_audit_row_and_leaves_the_store_byte_identical()
    {
        using var install = new JobInstallation();
        var jobs = Arrange(install);
        // A first real run creates the tables and rows; the dry run after it must not add to them.
        install.Run(Declining(jobs.Declined.Id), options: new() { AllowMassDeletion = true });
        install.AddJob("job-late", "completed", 400, seed: 8);
        var rows = install.AuditRows();
        var before = install.Snapshot();

        var host = new RecordingHost();
        var summary = install.Run(host, dryRun: true, options: new() { AllowMassDeletion = true });

        Assert.True(summary.DryRun);
        Assert.Contains(host.Of<CleanupResult>(), r => r.JobId == "job-late" && r.Outcome == CleanupOutcome.WouldDelete);
        Assert.Equal(rows, install.AuditRows());
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void A_dry_run_on_a_fresh_store_creates_nothing()
    {
        using var install = new JobInstallation();
        Arrange(install);
        var before = install.Snapshot();

        install.Run(new RecordingHost(), dryRun: true);

        Assert.Equal(before, install.Snapshot());
        Assert.Empty(install.AuditRows());
    }

    [Fact]
    public void History_filters_and_statistics_agree_with_two_runs()
    {
        using var install = new JobInstallation();
        var a = install.AddJob("job-a", "completed", 500, seed: 1);
        var b = install.AddJob("job-b", "completed", 600, seed: 2);
        var locked = Path.Combine(install.ResultsOf(b.Id), "outputs", "locked.tif");
        JobInstallation.Write(locked, 5_000, 3);
        Undeletable.Make(locked);
        install.AddJob("job-young", "completed", 10, seed: 3);
        var firstAt = install.Clock.Now;
        var first = install.Run(new RecordingHost(), options: new() { MaxWorkers = 1 });

        install.Clock.Advance(TimeSpan.FromHours(48));
        var c = install.AddJob("job-c", "completed", 300, seed: 4);
        var secondAt = install.Clock.Now;
        var second = install.Run(new RecordingHost(), options: new() { MaxWorkers = 1, Trigger = CleanupTrigger.Automatic });
        var middle = firstAt.AddHours(24);

        var all = History(install, new AuditQuery());
        Assert.Equal(6, all.Count); // a, b, run / b again, c, run
        Assert.True(all.Select(e => e.Id).SequenceEqual(all.Select(e => e.Id).OrderDescending()), "newest first");

        // The first run freed b's upload and temp (Partial); the second found only the undeletable file left (Failed).
        var ofB = History(install, new AuditQuery { JobId = b.Id });
        Assert.Equal(new[] { "Failed", "Partial" }, ofB.Select(e => e.Outcome));
        Assert.Equal(new[] { second.RunId, first.RunId }, ofB.Select(e => e.RunId));

        var ofFirst = History(install, new AuditQuery { RunId = first.RunId });
        Assert.Equal(new[] { a.Id, b.Id, first.RunId }.Order(StringComparer.Ordinal), ofFirst.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.All(ofFirst, e => Assert.Equal(CleanupTrigger.Manual, e.Trigger));
        Assert.All(History(install, new AuditQuery { RunId = second.RunId }), e => Assert.Equal(CleanupTrigger.Automatic, e.Trigger));

        Assert.Equal(new[] { a.Id, c.Id }, History(install, new AuditQuery { Outcome = "deleted" }).Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.Equal(2, History(install, new AuditQuery { Outcome = "Completed" }).Count + History(install, new AuditQuery { Outcome = "CompletedWithErrors" }).Count);

        var since = History(install, new AuditQuery { Since = middle });
        Assert.Equal(3, since.Count);
        Assert.All(since, e => Assert.Equal(second.RunId, e.RunId));
        var until = History(install, new AuditQuery { Until = middle });
        Assert.Equal(3, until.Count);
        Assert.All(until, e => Assert.Equal(first.RunId, e.RunId));
        Assert.Equal(6, History(install, new AuditQuery { Since = firstAt, Until = secondAt }).Count);
        Assert.Empty(History(install, new AuditQuery { Since = secondAt.AddSeconds(1) }));

        var limited = History(install, new AuditQuery { Limit = 2 });
        Assert.Equal(all.Take(2).Select(e => e.Id), limited.Select(e => e.Id));
        Assert.Equal(CleanupAuditEntry.RunTarget, limited[0].TargetKind);
        Assert.Equal(second.RunId, limited[0].Target);

        using (var context = install.Open())
        {
            var stats = HistoryService.Statistics(context, since: null);
            Assert.Equal(2, stats.Runs);
            Assert.Equal(secondAt, stats.LastRun);
            Assert.Equal(4, stats.ItemsActedOn);
            Assert.Equal(2, stats.ItemsFailed);
            Assert.Equal(first.TotalBytesFreed + second.TotalBytesFreed, stats.BytesFreed);
            Assert.Equal(new[] { second.RunId, first.RunId }, stats.RecentRuns.Select(r => r.RunId));

            var recent = HistoryService.Statistics(context, since: middle);
            Assert.Equal(1, recent.Runs);
            Assert.Equal(2, recent.ItemsActedOn);
            Assert.Equal(second.TotalBytesFreed, recent.BytesFreed);

            Assert.Throws<ConfigurationException>(() => HistoryService.Get(context, new AuditQuery { Limit = 0 }));
            Assert.Throws<ConfigurationException>(() => HistoryService.Get(context, new AuditQuery { Since = secondAt, Until = firstAt }));
        }
    }

    [Fact]
    public void History_of_a_store_that_never_ran_is_empty_and_reading_it_changes_nothing()
    {
        using var install = new JobInstallation();
        install.AddJob("job-1", "completed", 500, seed: 1);
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            Assert.Empty(HistoryService.Get(context, new AuditQuery()));
            var stats = HistoryService.Statistics(context, null);
            Assert.Equal(0, stats.Runs);
            Assert.Null(stats.LastRun);
            Assert.Equal(0, stats.BytesFreed);
        }
        Assert.Equal(before, install.Snapshot());
    }
}
