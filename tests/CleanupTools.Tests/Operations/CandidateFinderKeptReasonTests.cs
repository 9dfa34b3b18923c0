using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>Get-CleanupCandidate -IncludeKept: one candidate per job, each kept job with the rule that keeps it; reads only.</summary>
public sealed class CandidateFinderKeptReasonTests
{
    private static JobInstallation Store()
    {
        var install = new JobInstallation();
        install.AddJob("c-old", "completed", 200, seed: 1);
        install.AddJob("f-old", "failed", 13, seed: 2);
        install.AddJob("k-recent", "completed", 100, seed: 3);
        install.AddJob("k-failed-recent", "failed", 11.9, seed: 4);
        install.AddJob("k-running", "running", 900, seed: 5);
        install.AddJob("k-pending", "pending", null, seed: 6);
        install.AddJob("k-no-time", "completed", null, seed: 7);
        install.AddJob("k-future", "completed", -5, seed: 8);
        install.AddJob("k-cancelled", "cancelled", 900, seed: 9);
        install.InsertRow("k-garbage", "failed", "yesterday-ish", null);
        install.InsertRow("k-hostile/..", "completed", install.HoursAgo(900), null);
        return install;
    }

    private static readonly Dictionary<string, string> KeptBecause = new()
    {
        ["k-recent"] = "within the successful_jobs retention",
        ["k-failed-recent"] = "within the failed_jobs retention",
        ["k-running"] = "running and pending jobs are never cleaned",
        ["k-pending"] = "running and pending jobs are never cleaned",
        ["k-no-time"] = "no completed_at",
        ["k-future"] = "in the future",
        ["k-cancelled"] = "not mapped to any policy",
        ["k-garbage"] = "not a recognised timestamp",
        ["k-hostile/.."] = "path separator",
    };

    [Fact]
    public void IncludeKept_gives_every_job_a_candidate_and_every_kept_job_its_reason()
    {
        using var install = Store();
        var before = install.Snapshot();
        var host = new RecordingHost();

        List<CleanupCandidate> candidates;
        using (var context = install.Open())
            candidates = CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, host).ToList();

        Assert.Equal(install.RowCount(), candidates.Count);
        Assert.Equal(before, install.Snapshot());
        foreach (var (id, reason) in KeptBecause)
        {
            var kept = Assert.Single(candidates, c => c.JobId == id);
            Assert.Equal(CleanupAction.Keep, kept.Action);
            Assert.False(kept.IsEligible);
            Assert.Equal(0, kept.SizeBytes);
            Assert.Contains(reason, kept.Reason);
        }
        Assert.Equal(CleanupAction.DeleteData, Assert.Single(candidates, c => c.JobId == "c-old").Action);
        Assert.Equal(CleanupAction.DeleteAll, Assert.Single(candidates, c => c.JobId == "f-old").Action);
        Assert.All(candidates, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
        Assert.Contains(host.Warnings, w => w.Contains("k-garbage"));
        Assert.Contains(host.Warnings, w => w.Contains("k-hostile/..") && w.Contains("would fail"));
    }

    [Fact]
    public void Without_IncludeKept_only_the_jobs_a_run_would_clean_are_listed_with_their_paths_and_sizes()
    {
        using var install = Store();
        var host = new RecordingHost();

        List<CleanupCandidate> candidates;
        using (var context = install.Open())
            candidates = CandidateFinder.Find(context, CandidateFilter.None, includeKept: false, host).ToList();

        Assert.Equal(new[] { "c-old", "f-old" }, candidates.Select(c => c.JobId).Order());
        var old = Assert.Single(candidates, c => c.JobId == "c-old");
        Assert.Equal(new[] { install.ResultsOf("c-old"), install.UploadOf("c-old_dem.tif"), install.TempOf("c-old") }, old.Paths);

        // The same store run for real cleans exactly the candidates and frees exactly their sizes.
        var run = new RecordingHost();
        var summary = install.Run(run);
        Assert.Equal(candidates.Select(c => c.JobId).Order(),
            run.Of<CleanupResult>().Where(r => r.Outcome == CleanupOutcome.Deleted).Select(r => r.JobId).Order());
        Assert.Equal(candidates.Sum(c => c.SizeBytes), summary.TotalBytesFreed);
    }
}
