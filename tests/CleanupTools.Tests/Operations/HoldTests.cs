using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// Holds (Add-CleanupHold, `cleanuptools hold`): a job or path hold beats every policy, only marks jobs that
/// would otherwise go, stops protecting once expired, is re-read before every batch, and hostile input is
/// refused before anything is written. Real files, a real SQLite store, a fixed clock.
/// </summary>
public sealed class HoldTests
{
    private static List<CleanupCandidate> Find(JobInstallation install, bool includeKept = true)
    {
        using var context = install.Open();
        return CandidateFinder.Find(context, CandidateFilter.None, includeKept, new RecordingHost()).ToList();
    }

    [Fact]
    public void A_job_hold_marks_the_expired_job_Held_with_a_reason_naming_the_hold_and_not_the_young_one()
    {
        using var install = new JobInstallation();
        install.AddJob("job-old", "completed", 500, seed: 1);
        install.AddJob("job-young", "completed", 10, seed: 2);
        install.AddJob("job-other", "completed", 600, seed: 3);
        var oldHold = install.AddHold(HoldKind.Job, "job-old", "litigation 2025-17");
        install.AddHold(HoldKind.Job, "job-young", "customer asked");

        var all = Find(install).ToDictionary(c => c.Target);
        var listed = Find(install, includeKept: false).Select(c => c.JobId).Order().ToArray();

        var held = all["job-old"];
        Assert.Equal(CleanupAction.Held, held.Action);
        Assert.False(held.IsEligible);
        Assert.Contains($"hold {oldHold.Id}", held.Reason);
        Assert.Contains("litigation 2025-17", held.Reason);
        Assert.Empty(held.Paths);
        // The young job would stay anyway: it is kept by its retention, not reported as held.
        Assert.Equal(CleanupAction.Keep, all["job-young"].Action);
        Assert.DoesNotContain("hold", all["job-young"].Reason);
        Assert.Equal(CleanupAction.DeleteData, all["job-other"].Action);
        // Held jobs are listed with the eligible ones even without includeKept; kept ones are not.
        Assert.Equal(new[] { "job-old", "job-other" }, listed);
    }

    [Fact]
    public void A_pipeline_run_skips_a_job_held_job_and_leaves_its_files_and_row_untouched()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-held", "completed", 500, seed: 1);
        var free = install.AddJob("job-free", "failed", 500, seed: 2);
        install.AddHold(HoldKind.Job, held.Id, "audit by finance");
        var heldFiles = TreeSnapshot.Take(install.ResultsOf(held.Id));

        var host = new RecordingHost();
        var summary = install.Run(host, ids: new[] { held.Id, free.Id });

        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == held.Id);
        Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
        Assert.Equal(CleanupAction.Held, result.Action);
        Assert.Contains("audit by finance", result.Reason);
        Assert.Equal(1, summary.JobsHeld);
        Assert.True(install.AllPresent(held));
        Assert.Equal(heldFiles, TreeSnapshot.Take(install.ResultsOf(held.Id)));
        Assert.Null(install.CleanedAt(held.Id));
        Assert.Null(install.Summary(held.Id));
        Assert.DoesNotContain(host.ShouldProcessCalls, c => c.Target.StartsWith(held.Id, StringComparison.Ordinal));
        Assert.False(install.AnyPresent(free));
        Assert.DoesNotContain(install.AuditRows(), r => r.Contains(held.Id));
    }

    [Fact]
    public void A_store_run_reports_a_job_held_job_as_Skipped_Held_and_counts_it_in_JobsHeld()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-held", "completed", 500, seed: 1);
        var free = install.AddJob("job-free", "completed", 500, seed: 2);
        install.AddJob("job-young", "completed", 5, seed: 3);
        install.AddHold(HoldKind.Job, held.Id, "audit by finance");

        var host = new RecordingHost();
        var summary = install.Run(host);

        Assert.True(install.AllPresent(held));
        Assert.Null(install.CleanedAt(held.Id));
        Assert.False(install.AnyPresent(free));
        // A path-held job is reported as Skipped/Held and counted; a job-held one must be too, or the run's
        // own report never says that a hold kept data the policy would have removed.
        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == held.Id);
        Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
        Assert.Equal(CleanupAction.Held, result.Action);
        Assert.Equal(1, summary.JobsHeld);
    }

    [Fact]
    public void An_expired_hold_does_not_protect()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-1", "completed", 500, seed: 1);
        install.AddJob("job-young", "completed", 5, seed: 2);
        install.AddHold(HoldKind.Job, job.Id, "until the review", install.Clock.Now.AddHours(1));
        Assert.Equal(CleanupAction.Held, Find(install).Single(c => c.JobId == job.Id).Action);

        install.Clock.Advance(TimeSpan.FromHours(2));

        using (var context = install.Open())
        {
            Assert.Empty(HoldService.Get(context, activeOnly: true));
            Assert.Single(HoldService.Get(context, activeOnly: false));
        }
        Assert.Equal(CleanupAction.DeleteData, Find(install).Single(c => c.JobId == job.Id).Action);
        var host = new RecordingHost();
        var summary = install.Run(host);
        Assert.Equal(CleanupOutcome.Deleted, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id).Outcome);
        Assert.Equal(0, summary.JobsHeld);
        Assert.False(install.AnyPresent(job));
    }

    [Fact]
    public void A_path_hold_on_an_upload_file_protects_the_whole_job()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-1", "completed", 500, seed: 1);
        var free = install.AddJob("job-2", "completed", 500, seed: 2);
        install.AddJob("job-young", "completed", 5, seed: 3);
        var hold = install.AddHold(HoldKind.Path, install.UploadOf(held.Dem!), "DEM is the survey original");

        var candidate = Find(install).Single(c => c.JobId == held.Id);
        Assert.Equal(CleanupAction.Held, candidate.Action);
        Assert.Contains($"hold {hold.Id}", candidate.Reason);
        Assert.Equal(CleanupAction.DeleteData, Find(install).Single(c => c.JobId == free.Id).Action);

        var host = new RecordingHost();
        var summary = install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == held.Id);
        Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
        Assert.Equal(CleanupAction.Held, result.Action);
        Assert.Equal(1, summary.JobsHeld);
        Assert.True(install.AllPresent(held)); // results and temp too, not only the held upload
        Assert.Null(install.CleanedAt(held.Id));
        Assert.False(install.AnyPresent(free));
    }

    [Fact]
    public void A_path_hold_on_a_pattern_inside_results_of_a_job_protects_the_whole_job_even_if_nothing_matches_yet()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-1", "completed", 500, seed: 1);
        var free = install.AddJob("job-10", "completed", 500, seed: 2);
        install.AddJob("job-young", "completed", 5, seed: 3);
        install.AddHold(HoldKind.Path, install.ResultsOf(held.Id) + "/keep/**", "keep the keep directory");
        var before = TreeSnapshot.Take(install.Base);

        var host = new RecordingHost();
        var summary = install.Run(host);

        Assert.Equal(CleanupAction.Held, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == held.Id).Action);
        Assert.Equal(1, summary.JobsHeld);
        Assert.True(install.AllPresent(held));
        Assert.Equal(
            before.Where(e => e.Key.StartsWith($"results/{held.Id}/", StringComparison.Ordinal) || e.Key.StartsWith($"temp/{held.Id}/", StringComparison.Ordinal)),
            TreeSnapshot.Take(install.Base).Where(e => e.Key.StartsWith($"results/{held.Id}/", StringComparison.Ordinal) || e.Key.StartsWith($"temp/{held.Id}/", StringComparison.Ordinal)));
        // job-10 shares the prefix but not the path: it goes.
        Assert.False(install.AnyPresent(free));
    }

    [Fact]
    public void A_path_hold_on_a_parent_directory_protects_every_job_below_it()
    {
        using var install = new JobInstallation();
        var a = install.AddJob("job-a", "completed", 500, seed: 1);
        var b = install.AddJob("job-b", "failed", 500, seed: 2);
        install.AddHold(HoldKind.Path, install.Temp, "temp volume snapshot in progress");
        var before = install.Snapshot();

        Assert.All(Find(install), c => Assert.Equal(CleanupAction.Held, c.Action));
        var host = new RecordingHost();
        var summary = install.Run(host, options: new() { AllowMassDeletion = true });

        Assert.Equal(2, summary.JobsHeld);
        Assert.All(host.Of<CleanupResult>(), r => Assert.Equal(CleanupAction.Held, r.Action));
        Assert.True(install.AllPresent(a));
        Assert.True(install.AllPresent(b));
        Assert.Empty(host.ShouldProcessCalls);
        // Only the store changed (the run row); no file of either job.
        Assert.Equal(TreeSnapshot.Without(before, install.Tree.Root, new[] { install.DbPath }),
            TreeSnapshot.Without(install.Snapshot(), install.Tree.Root, new[] { install.DbPath }));
    }

    [Fact]
    public void A_hold_added_while_the_run_is_between_batches_protects_from_the_next_batch_on()
    {
        using var install = new JobInstallation();
        var first = install.AddJob("job-1", "completed", 500, seed: 1);
        var second = install.AddJob("job-2", "completed", 500, seed: 2);
        var third = install.AddJob("job-3", "completed", 500, seed: 3);
        install.AddJob("job-4-young", "completed", 5, seed: 4);
        // The preview says all three go.
        Assert.Equal(3, Find(install, includeKept: false).Count(c => c.IsEligible));

        using var other = install.Open(); // a second connection: another admin's Add-CleanupHold
        var added = false;
        var host = new RecordingHost((target, _) =>
        {
            if (!added && target.StartsWith(first.Id + " ", StringComparison.Ordinal))
            {
                HoldService.Add(other, HoldKind.Job, second.Id, "hold arrived mid-run", null, new RecordingHost());
                added = true;
            }
            return true;
        });

        var summary = install.Run(host, options: new() { BatchSize = 1 });

        Assert.True(added);
        Assert.False(install.AnyPresent(first));
        Assert.True(install.AllPresent(second));
        Assert.Null(install.CleanedAt(second.Id));
        Assert.False(install.AnyPresent(third));
        Assert.NotNull(install.CleanedAt(third.Id));
        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == second.Id);
        Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
        Assert.Equal(CleanupAction.Held, result.Action);
        Assert.Equal(1, summary.JobsHeld);
        Assert.DoesNotContain(host.ShouldProcessCalls, c => c.Target.StartsWith(second.Id + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Holds_beat_an_emergency_run_with_mass_deletion_allowed_and_a_one_hour_retention()
    {
        using var install = new JobInstallation();
        var jobHeld = install.AddJob("job-held", "completed", 500, seed: 1);
        var pathHeld = install.AddJob("job-path", "failed", 500, seed: 2);
        var youngHeld = install.AddJob("job-young", "completed", 3, seed: 3);
        var free = install.AddJob("job-free", "completed", 500, seed: 4);
        install.AddHold(HoldKind.Job, jobHeld.Id, "legal");
        install.AddHold(HoldKind.Job, youngHeld.Id, "legal");
        install.AddHold(HoldKind.Path, install.ResultsOf(pathHeld.Id), "forensics");

        var host = new RecordingHost();
        var summary = install.Run(host, options: new()
        {
            Trigger = CleanupTrigger.Emergency,
            AllowMassDeletion = true,
            SuccessRetention = TimeSpan.FromHours(1),
            FailedRetention = TimeSpan.FromHours(1),
        });

        Assert.Equal(CleanupTrigger.Emergency, summary.Trigger);
        Assert.True(install.AllPresent(jobHeld));
        Assert.True(install.AllPresent(pathHeld));
        Assert.True(install.AllPresent(youngHeld));
        Assert.False(install.AnyPresent(free));
        Assert.Null(install.CleanedAt(jobHeld.Id));
        Assert.Null(install.CleanedAt(pathHeld.Id));
        Assert.Null(install.CleanedAt(youngHeld.Id));
        Assert.Equal(new[] { free.Id }, host.Of<CleanupResult>().Where(r => r.Outcome == CleanupOutcome.Deleted).Select(r => r.JobId));
        Assert.All(host.Of<CleanupResult>().Where(r => r.JobId != free.Id), r => Assert.Equal(CleanupAction.Held, r.Action));
    }

    // Decoded in the test so the theory data stays printable.
    [Theory]
    [InlineData("path", "relative/x", "r", "")]
    [InlineData("path", "<BASE>/results/../../outside", "r", "")]
    [InlineData("path", "<BASE>/results/a<NUL>b", "r", "")]
    [InlineData("path", "/", "r", "")]
    [InlineData("path", "<BASE>\\results", "r", "")]
    [InlineData("job", "job-1", "", "")]
    [InlineData("job", "job-1", "   ", "")]
    [InlineData("job", "job-1", "line one<LF>line two", "")]
    [InlineData("job", "job-1", "r", "past")]
    [InlineData("job", "job-1", "r", "now")]
    [InlineData("job", "job<CTRL>1", "r", "")]
    [InlineData("job", "job<LF>1", "r", "")]
    [InlineData("job", "", "r", "")]
    public void Hostile_hold_input_is_a_ConfigurationException_and_writes_nothing(string kind, string target, string reason, string expiry)
    {
        using var install = new JobInstallation();
        install.AddJob("job-1", "completed", 500, seed: 1);
        string Decode(string s) => s.Replace("<BASE>", install.Base).Replace("<NUL>", "\0").Replace("<LF>", "\n").Replace("<CTRL>", "\u0007");
        DateTimeOffset? expires = expiry switch
        {
            "past" => install.Clock.Now.AddHours(-1),
            "now" => install.Clock.Now,
            _ => null,
        };
        var before = install.Snapshot();
        var host = new RecordingHost();

        using (var context = install.Open())
        {
            Assert.Throws<ConfigurationException>(() =>
                HoldService.Add(context, kind == "job" ? HoldKind.Job : HoldKind.Path, Decode(target), Decode(reason), expires, host));
        }

        Assert.Equal(before, install.Snapshot());
        Assert.Empty(host.ShouldProcessCalls);
        Assert.False(install.HasColumn("data_cleaned_at"));
    }

    [Fact]
    public void WhatIf_on_a_hold_writes_nothing()
    {
        using var install = new JobInstallation();
        install.AddJob("job-1", "completed", 500, seed: 1);
        var before = install.Snapshot();

        using (var context = install.Open())
            Assert.Null(HoldService.Add(context, HoldKind.Job, "job-1", "just looking", null, new RecordingHost(shouldProcess: false)));

        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Removing_a_hold_lets_the_next_run_clean_the_job_and_an_unknown_id_is_a_per_item_error()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-1", "completed", 500, seed: 1);
        install.AddJob("job-young", "completed", 5, seed: 2);
        var hold = install.AddHold(HoldKind.Job, job.Id, "temporary");
        install.Run(new RecordingHost());
        Assert.True(install.AllPresent(job));

        var host = new RecordingHost();
        IReadOnlyList<CleanupHold> removed;
        using (var context = install.Open())
            removed = HoldService.Remove(context, new[] { hold.Id, 9999L }, host);

        Assert.Equal(hold.Id, Assert.Single(removed).Id);
        var error = Assert.Single(host.Errors);
        Assert.Equal("HoldNotFound", error.ErrorId);
        install.Run(new RecordingHost());
        Assert.False(install.AnyPresent(job));
    }

    [Fact]
    public void A_duration_sets_the_expiry_from_the_stores_clock_and_giving_both_is_refused_with_nothing_written()
    {
        using var install = new JobInstallation();
        install.AddJob("job-1", "completed", 500);
        var before = File.ReadAllBytes(install.DbPath);

        using (var context = install.Open())
        {
            Assert.Throws<ConfigurationException>(() =>
                HoldService.Add(context, HoldKind.Job, "job-1", "both", install.Clock.Now.AddDays(1), new RecordingHost(), TimeSpan.FromDays(2)));
        }
        Assert.Equal(before, File.ReadAllBytes(install.DbPath));

        using (var context = install.Open())
        {
            var hold = HoldService.Add(context, HoldKind.Job, "job-1", "five days", null, new RecordingHost(), TimeSpan.FromDays(5))!;
            Assert.Equal(install.Clock.Now.AddDays(5), hold.ExpiresAt);
        }
    }
}
