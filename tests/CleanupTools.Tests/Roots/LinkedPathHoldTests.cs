using CleanupTools.Configuration;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Roots;

/// <summary>
/// Path holds compare real paths: a hold typed through a linked directory protects the data the run reaches by
/// its real path, and a hold on the real path protects data the run reaches through a linked root. Real links,
/// real runs on a real SQLite store; a free job of the same age is deleted alongside, so the run did run.
/// </summary>
public sealed class LinkedPathHoldTests
{
    private static void AssertHeldAndOtherCleaned(JobInstallation install, JobFiles held, JobFiles free, CleanupOptions? options = null)
    {
        var host = new RecordingHost();
        var summary = install.Run(host, options: options);

        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == held.Id);
        Assert.Equal(CleanupAction.Held, result.Action);
        Assert.Equal(CleanupOutcome.Skipped, result.Outcome);
        Assert.Equal(1, summary.JobsHeld);
        Assert.True(install.AllPresent(held));
        Assert.Null(install.CleanedAt(held.Id));
        Assert.False(install.AnyPresent(free));
    }

    [Fact]
    public void A_hold_added_through_a_linked_directory_protects_the_real_path()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-held", "completed", 500, seed: 1);
        var free = install.AddJob("job-free", "completed", 500, seed: 2);
        var link = Path.Combine(install.Outside, "data");
        Directory.CreateSymbolicLink(link, install.Base);
        install.AddHold(HoldKind.Path, Path.Combine(link, "results", held.Id), "audit, typed via /data");

        AssertHeldAndOtherCleaned(install, held, free);
    }

    [Fact]
    public void A_glob_hold_through_a_link_to_the_root_itself_protects_the_real_uploads()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-held", "completed", 500, seed: 1);
        var free = install.AddJob("job-free", "completed", 500, seed: 2);
        var link = Path.Combine(install.Outside, "uploads-link");
        Directory.CreateSymbolicLink(link, install.Uploads);
        install.AddHold(HoldKind.Path, $"{link}/job-held_*", "survey originals");

        AssertHeldAndOtherCleaned(install, held, free);
    }

    [Fact]
    public void A_hold_on_the_real_path_protects_data_reached_through_a_linked_base_directory()
    {
        using var install = new JobInstallation();
        var held = install.AddJob("job-held", "completed", 500, seed: 1);
        var free = install.AddJob("job-free", "completed", 500, seed: 2);
        var link = Path.Combine(install.Outside, "base-link");
        Directory.CreateSymbolicLink(link, install.Base);
        install.AddHold(HoldKind.Path, install.TempOf(held.Id), "temp kept for debugging");

        AssertHeldAndOtherCleaned(install, held, free, new CleanupOptions { BaseDir = link });
    }
}
