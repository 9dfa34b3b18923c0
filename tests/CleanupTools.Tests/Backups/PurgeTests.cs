using CleanupTools.FileSystem.Backups;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Backups;

/// <summary>Purge removes only runs older than the retention, only run directories, and never follows a link.</summary>
public sealed class PurgeTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void Only_runs_older_than_the_retention_are_removed_with_their_adopted_leftovers()
    {
        using var fixture = new BackupFixture();
        var now = BackupFixture.Start.AddDays(10);
        var old = fixture.Begin("run-old", startedAt: now.AddDays(-8));
        old.Quarantine(fixture.AddJob("job-1"), "job-1", "p");
        BackupFixture.Write(Path.Combine(old.Directory, "results", "job-unlisted", "u.bin"), 100, 4);
        var edge = fixture.Begin("run-edge", startedAt: now - Week);
        var fresh = fixture.Begin("run-fresh", startedAt: now.AddDays(-1));
        fresh.Quarantine(fixture.AddJob("job-2"), "job-2", "p");
        var foreign = Directory.CreateDirectory(Path.Combine(fixture.Backups.Path, "keep me")).FullName;
        var runBytes = DiskUsage.Of(old.Directory);

        var purge = BackupCatalog.Purge(fixture.Backups, Week, now, measureOnly: false);

        var purged = Assert.Single(purge.Purged);
        Assert.Equal("run-old", purged.RunId);
        // The leftover whose original is gone was adopted into the manifest before the run was judged.
        Assert.Equal(2, purged.EntryCount);
        Assert.Equal(1, purged.AdoptedCount);
        Assert.Equal(runBytes, purged.Bytes); // the entry, the adopted leftover, the manifest and their directories
        Assert.Empty(purged.Errors);
        Assert.True(purge.Succeeded);
        Assert.False(Directory.Exists(old.Directory));
        Assert.True(Directory.Exists(edge.Directory));
        Assert.True(Directory.Exists(Path.Combine(fresh.Directory, "results", "job-2")));
        Assert.True(Directory.Exists(foreign));
    }

    [Fact]
    public void A_link_planted_in_an_old_run_is_unlinked_and_what_it_points_at_survives()
    {
        using var fixture = new BackupFixture();
        var precious = Path.Combine(fixture.Outside, "precious");
        BackupFixture.Write(Path.Combine(precious, "a.bin"), 9_000, 1);
        var live = fixture.AddJob("job-live");
        var liveBefore = TreeSnapshot.Take(live.FullPath);
        var outsideBefore = TreeSnapshot.Take(fixture.Outside);
        var run = fixture.Begin("run-old", startedAt: BackupFixture.Start);
        Directory.CreateDirectory(Path.Combine(run.Directory, "results"));
        // Shaped like an entry an older version moved but never recorded: adopted (as the link it is), then purged.
        Directory.CreateSymbolicLink(Path.Combine(run.Directory, "results", "job-x"), precious);
        var runBytes = DiskUsage.Of(run.Directory); // the link counts zero, as in the walk

        var purge = BackupCatalog.Purge(fixture.Backups, Week, BackupFixture.Start.AddDays(30), measureOnly: false);

        var purged = Assert.Single(purge.Purged);
        Assert.Equal(1, purged.AdoptedCount);
        Assert.Empty(purged.Errors);
        Assert.False(Directory.Exists(run.Directory));
        Assert.Equal(outsideBefore, TreeSnapshot.Take(fixture.Outside));
        Assert.Equal(liveBefore, TreeSnapshot.Take(live.FullPath));
        Assert.Equal(runBytes, purged.Bytes); // the run's own manifest and directories were freed, nothing behind the link
    }

    [Fact]
    public void An_old_run_holding_what_no_manifest_lists_and_cannot_be_adopted_is_kept_and_nothing_behind_a_link_is_touched()
    {
        using var fixture = new BackupFixture();
        BackupFixture.Write(Path.Combine(fixture.Outside, "single.bin"), 3_000, 2);
        var live = fixture.AddJob("job-live");
        var liveBefore = TreeSnapshot.Take(live.FullPath);
        var outsideBefore = TreeSnapshot.Take(fixture.Outside);
        var run = fixture.Begin("run-old", startedAt: BackupFixture.Start);
        File.CreateSymbolicLink(Path.Combine(run.Directory, "single"), Path.Combine(fixture.Outside, "single.bin"));
        Directory.CreateSymbolicLink(Path.Combine(run.Directory, "uploads"), fixture.Results.Path);

        var purge = BackupCatalog.Purge(fixture.Backups, Week, BackupFixture.Start.AddDays(30), measureOnly: false);

        Assert.Empty(purge.Purged);
        var kept = Assert.Single(purge.KeptUnreadable);
        Assert.Equal("run-old", kept.RunId);
        Assert.Contains("could not be reconciled", kept.Error);
        Assert.Contains("single", kept.Error);
        Assert.True(File.Exists(Path.Combine(run.Directory, "manifest.json")));
        Assert.Equal(outsideBefore, TreeSnapshot.Take(fixture.Outside));
        Assert.Equal(liveBefore, TreeSnapshot.Take(live.FullPath));
    }

    [Fact]
    public void A_run_directory_that_is_itself_a_link_is_never_purged_through()
    {
        using var fixture = new BackupFixture();
        var run = fixture.Begin("run-old", startedAt: BackupFixture.Start);
        // A run directory swapped for a link to live data, with a valid-looking old manifest at the far end.
        var live = fixture.AddJob("job-live");
        File.Copy(Path.Combine(run.Directory, "manifest.json"), Path.Combine(live.FullPath, "manifest.json"));
        Directory.Delete(run.Directory, recursive: true);
        Directory.CreateSymbolicLink(run.Directory, live.FullPath);
        var liveBefore = TreeSnapshot.Take(live.FullPath);

        var purge = BackupCatalog.Purge(fixture.Backups, Week, BackupFixture.Start.AddDays(30), measureOnly: false);

        Assert.Empty(purge.Purged);
        Assert.Equal("run-old", Assert.Single(purge.KeptUnreadable).RunId);
        Assert.Equal(liveBefore, TreeSnapshot.Take(live.FullPath));
    }

    [Fact]
    public void Measuring_a_purge_reports_the_same_runs_and_bytes_and_changes_nothing()
    {
        using var fixture = new BackupFixture();
        var run = fixture.Begin("run-old", startedAt: BackupFixture.Start);
        run.Quarantine(fixture.AddJob("job-1"), "job-1", "p");
        var before = ExactSnapshot.Take(fixture.Backups.Path);

        var measured = BackupCatalog.Purge(fixture.Backups, Week, BackupFixture.Start.AddDays(30), measureOnly: true);

        Assert.Equal(before, ExactSnapshot.Take(fixture.Backups.Path));
        var real = BackupCatalog.Purge(fixture.Backups, Week, BackupFixture.Start.AddDays(30), measureOnly: false);
        Assert.Equal("run-old", Assert.Single(measured.Purged).RunId);
        Assert.Equal(real.Bytes, measured.Bytes);
        Assert.Equal(real.Purged[0].Files, measured.Purged[0].Files);
        Assert.False(Directory.Exists(run.Directory));
    }
}
