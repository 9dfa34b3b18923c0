using CleanupTools.Tests.Support;
using CleanupTools.FileSystem.Backups;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// Quarantine then restore gives back the very same tree (content, modes, times, links as links) whether the
/// entry travelled by rename, by the forced copy path, or really across file systems (/dev/shm is tmpfs).
/// </summary>
public sealed class QuarantineTests
{
    public static TheoryData<string> Routes => new() { "rename", "forced-copy", "other-device" };

    [Theory]
    [MemberData(nameof(Routes))]
    public void A_job_directory_round_trips_byte_for_byte(string route)
    {
        using var fixture = new BackupFixture(backupOnOtherDevice: route == "other-device");
        var target = fixture.AddJob("job-1");
        var before = ExactSnapshot.Take(target.FullPath);
        var run = fixture.Begin(forceCopy: route == "forced-copy");

        var outcome = run.Quarantine(target, "job-1", "completed-30d");

        Assert.Empty(outcome.Errors);
        Assert.True(outcome.Existed && outcome.Moved);
        Assert.Equal(route == "rename" ? MoveMethod.Renamed : MoveMethod.Copied, outcome.Method);
        Assert.Equal(BackupFixture.JobBytes, outcome.Bytes);
        Assert.Equal(5, outcome.Files); // 3 files + 2 links
        Assert.Equal(3, outcome.Directories);
        Assert.False(Directory.Exists(target.FullPath) || File.Exists(target.FullPath));
        var backupPath = Path.Combine(run.Directory, "results", "job-1");
        Assert.Equal(before, ExactSnapshot.Take(backupPath));

        var manifest = Assert.Single(BackupCatalog.List(fixture.Backups));
        var restored = BackupRestorer.Restore(fixture.Backups, manifest, Assert.Single(manifest.Entries), force: false, measureOnly: false,
            forceCopy: route == "forced-copy");

        Assert.True(restored.Succeeded, restored.Error ?? string.Join("; ", restored.Errors));
        Assert.True(restored.Restored);
        Assert.Equal(outcome.Method, restored.Method);
        Assert.Equal(before, ExactSnapshot.Take(target.FullPath));
        Assert.True(restored.RunRemoved);
        Assert.False(Directory.Exists(run.Directory));
        Assert.Empty(BackupCatalog.List(fixture.Backups));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void An_entry_that_is_a_link_to_a_directory_outside_is_moved_as_a_link_and_the_directory_is_untouched(string route)
    {
        using var fixture = new BackupFixture(backupOnOtherDevice: route == "other-device");
        var victim = fixture.Tree.Dir("outside", "victim");
        BackupFixture.Write(Path.Combine(victim, "precious.bin"), 40_000, 3);
        var link = Path.Combine(fixture.Results.Path, "job-link");
        Directory.CreateSymbolicLink(link, victim);
        var outsideBefore = TreeSnapshot.Take(fixture.Outside);
        var run = fixture.Begin(forceCopy: route == "forced-copy");

        var outcome = run.Quarantine(fixture.Target(fixture.Results, "job-link"), null, "failed-7d");

        Assert.Empty(outcome.Errors);
        Assert.Equal(BackupEntryKind.Link, outcome.Entry!.Kind);
        Assert.Equal(0, outcome.Bytes);
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.False(Path.Exists(link));
        var moved = new FileInfo(Path.Combine(run.Directory, "results", "job-link"));
        Assert.Equal(victim, moved.LinkTarget);
        Assert.Equal(outsideBefore, TreeSnapshot.Take(fixture.Outside));

        var manifest = Assert.Single(BackupCatalog.List(fixture.Backups));
        var restored = BackupRestorer.Restore(fixture.Backups, manifest, manifest.Entries[0], force: false, measureOnly: false, forceCopy: route == "forced-copy");
        Assert.True(restored.Succeeded, restored.Error);
        Assert.Equal(victim, new FileInfo(link).LinkTarget);
        Assert.Equal(outsideBefore, TreeSnapshot.Take(fixture.Outside));
    }

    [Fact]
    public void A_single_file_entry_keeps_its_content_mode_and_time()
    {
        using var fixture = new BackupFixture();
        var upload = Path.Combine(fixture.Uploads.Path, "dem.tif");
        BackupFixture.Write(upload, 77_777, 9);
        File.SetUnixFileMode(upload, UnixFileMode.UserRead);
        File.SetLastWriteTimeUtc(upload, new DateTime(2023, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var before = ExactSnapshot.Take(upload);
        var allocated = DiskUsage.Of(upload);
        var run = fixture.Begin(forceCopy: true);

        var outcome = run.Quarantine(fixture.Target(fixture.Uploads, "dem.tif"), "job-9", "uploads");

        Assert.Empty(outcome.Errors);
        Assert.Equal(BackupEntryKind.File, outcome.Entry!.Kind);
        Assert.Equal(allocated, outcome.Bytes);
        Assert.Equal(new DateTime(2023, 1, 2, 3, 4, 5, DateTimeKind.Utc), outcome.Entry.LastWriteUtc);
        Assert.Equal(before, ExactSnapshot.Take(Path.Combine(run.Directory, "uploads", "dem.tif")));
        Assert.False(File.Exists(upload));
    }

    [Fact]
    public void A_missing_target_does_nothing_and_is_not_recorded()
    {
        using var fixture = new BackupFixture();
        var run = fixture.Begin();

        var outcome = run.Quarantine(fixture.Target(fixture.Results, "job-gone"), "job-gone", "completed-30d");

        Assert.False(outcome.Existed);
        Assert.False(outcome.Moved);
        Assert.Empty(outcome.Errors);
        Assert.Empty(run.Entries);
        Assert.Empty(Assert.Single(BackupCatalog.List(fixture.Backups)).Entries);
        Assert.False(Directory.Exists(Path.Combine(run.Directory, "results")));
    }

    [Fact]
    public void A_failed_copy_is_removed_from_the_backup_and_the_original_is_left_whole()
    {
        using var fixture = new BackupFixture();
        var target = fixture.AddJob("job-1");
        // A FIFO cannot be copied (reading it would block): the copy must give up, not hang or half-move the job.
        var fifo = Path.Combine(target.FullPath, "logs", "pipe");
        var before = TreeSnapshot.Take(target.FullPath); // taken without the FIFO: reading one would block
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { fifo })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var run = fixture.Begin(forceCopy: true);

        var outcome = run.Quarantine(target, "job-1", "completed-30d");

        Assert.False(outcome.Moved);
        Assert.Contains(outcome.Errors, e => e.Contains("FIFO"));
        Assert.True(new FileInfo(fifo).Exists);
        File.Delete(fifo);
        Assert.Equal(before, TreeSnapshot.Take(target.FullPath));
        Assert.False(Path.Exists(Path.Combine(run.Directory, "results", "job-1")));
        Assert.Empty(Assert.Single(BackupCatalog.List(fixture.Backups)).Entries);
        Assert.Empty(Assert.Single(BackupCatalog.List(fixture.Backups)).Unlisted);
    }

    [Fact]
    public void The_same_entry_cannot_be_quarantined_twice_into_one_run_over_the_first_copy()
    {
        using var fixture = new BackupFixture();
        var first = fixture.AddJob("job-1");
        var run = fixture.Begin();
        Assert.True(run.Quarantine(first, "job-1", "p").Moved);
        var backupBefore = ExactSnapshot.Take(run.Directory + "/results");
        fixture.AddJob("job-1", seed: 50);

        var second = run.Quarantine(fixture.Target(fixture.Results, "job-1"), "job-1", "p");

        Assert.False(second.Moved);
        Assert.NotEmpty(second.Errors);
        Assert.True(Directory.Exists(first.FullPath));
        Assert.Equal(backupBefore, ExactSnapshot.Take(run.Directory + "/results"));
        Assert.Single(run.Entries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("run/1")]
    [InlineData("..")]
    [InlineData("run 1")]
    [InlineData("run.1")]
    [InlineData("r\0")]
    public void Invalid_run_ids_are_refused_before_anything_is_created(string runId)
    {
        using var fixture = new BackupFixture();

        Assert.Throws<ArgumentException>(() => BackupRun.Begin(fixture.Backups, runId, BackupFixture.Start));
        Assert.False(Directory.Exists(fixture.Backups.Path));
    }

    [Fact]
    public void Run_ids_of_64_characters_are_accepted_and_65_refused()
    {
        using var fixture = new BackupFixture();

        BackupRun.Begin(fixture.Backups, new string('a', 64), BackupFixture.Start);
        Assert.Throws<ArgumentException>(() => BackupRun.Begin(fixture.Backups, new string('a', 65), BackupFixture.Start));
    }

    [Fact]
    public void The_backup_root_is_created_private_and_an_existing_run_directory_is_refused()
    {
        using var fixture = new BackupFixture();

        var run = fixture.Begin("run-1");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fixture.Backups.Path));
        Assert.True(File.Exists(Path.Combine(run.Directory, "manifest.json")));
        Assert.Throws<IOException>(() => fixture.Begin("run-1"));
    }
}
