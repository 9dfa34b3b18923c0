using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// Quarantine onto a backup root that fills up part way: each job that did not fit fails on its own and keeps its
/// data where it was, every job that moved is in a manifest, and restoring the run gives back the very same tree.
/// No byte is lost to "No space left on device" (regression: quarantine onto a full file system held).
/// </summary>
public sealed class QuarantineOntoFullFileSystemTests
{
    [Fact]
    public void A_backup_root_that_fills_up_loses_nothing_and_restore_gives_back_every_file()
    {
        using var demo = new DemoInstallation();
        using var mounts = new Mounts();
        var small = demo.Tree.Dir("small");
        mounts.Tmpfs(small, kilobytes: 400);
        var backups = Path.Combine(small, "backups");
        var before = DataSnapshot(demo.Base);

        var run = demo.Cli("run", "--base-dir", demo.Base, "--backup-dir", backups, "--quarantine", "--allow-mass-deletion", "--json");

        Assert.True(run.ExitCode == 1, run.ToString()); // some jobs did not fit: errors, the run went on
        var report = run.Json();
        var outcomes = report.GetProperty("job_details").EnumerateArray().Select(j => j.GetProperty("outcome").GetString()).ToList();
        Assert.Contains("Quarantined", outcomes); // the root was not full from the start: the test covers the edge
        Assert.Contains(outcomes, o => o is "Failed" or "Partial");

        var restore = demo.Cli("restore", "--base-dir", demo.Base, "--backup-dir", backups, "--run", report.GetProperty("run_id").GetString()!);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var after = DataSnapshot(demo.Base);
        Assert.Empty(before.Where(e => !after.TryGetValue(e.Key, out var now) || now != e.Value).Select(e => e.Key));
        Assert.Equal(before, after);
    }

    /// <summary>The three data roots in one snapshot, keyed "results/...", "uploads/...", "temp/...".</summary>
    private static SortedDictionary<string, string> DataSnapshot(string baseDir)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in new[] { "results", "uploads", "temp" })
        {
            foreach (var (path, entry) in TreeSnapshot.Take(Path.Combine(baseDir, root))) all[$"{root}/{path}"] = entry;
        }
        return all;
    }
}
