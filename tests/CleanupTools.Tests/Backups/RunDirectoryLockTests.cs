using System.Diagnostics;
using CleanupTools.FileSystem.Backups;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// A run directory's flock belongs to its open file description, which a child process spawned (by any thread)
/// while it is held shares until the child execs: a lock this process let go of can stay taken for a moment, and
/// under load a moment is long. Such a lock is waited out, not reported as a run in use; and a run directory that
/// cannot be opened at all is named for what it is, never as one "in use by another process".
/// </summary>
public sealed class RunDirectoryLockTests : IDisposable
{
    private readonly BackupFixture _fixture = new();
    private readonly BackupRun _run;

    public RunDirectoryLockTests()
    {
        _run = _fixture.Begin("run-1");
        Assert.True(_run.Quarantine(_fixture.AddJob("job-1"), "job-1", "completed-30d").Moved);
    }

    public void Dispose() => _fixture.Dispose();

    private BackupManifest Run => Assert.Single(BackupCatalog.List(_fixture.Backups));

    /// <summary>
    /// Another process holding the run directory's lock, as a child spawned while this process held it does until it
    /// execs; returned once the lock is taken, let go after <paramref name="seconds"/>.
    /// </summary>
    private static Process HoldLock(string directory, double seconds)
    {
        var start = new ProcessStartInfo("flock", ["--exclusive", directory, "sh", "-c", $"echo held; sleep {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var holder = Process.Start(start)!;
        Assert.Equal("held", holder.StandardOutput.ReadLine());
        Assert.Null(RunDirectoryLock.TryAcquire(directory, out var cannotOpen)); // really held elsewhere
        Assert.Null(cannotOpen);
        return holder;
    }

    [Fact]
    public void A_restore_waits_out_a_lock_another_process_holds_for_a_moment_and_restores()
    {
        var manifest = Run;
        var entry = Assert.Single(manifest.Entries);
        using var holder = HoldLock(_run.Directory, 1);

        var outcome = BackupRestorer.Restore(_fixture.Backups, manifest, entry, force: false, measureOnly: false);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(Directory.Exists(Path.Combine(_fixture.Results.Path, "job-1")));
        holder.WaitForExit();
    }

    [Fact]
    public void A_reconcile_waits_out_a_lock_held_for_a_moment_and_settles_the_run()
    {
        // A moving intent whose entry reached the backup: what a kill between the move and the next write leaves.
        var manifest = Run;
        ManifestFile.Write(_run.Directory, _run.RunId, manifest.CreatedAt!.Value, manifest.Entries.Select(e => e with { State = BackupEntryState.Moving }));
        using var holder = HoldLock(_run.Directory, 0.5);

        var outcome = BackupReconciler.Reconcile(_fixture.Backups, _run.RunId, apply: true);

        Assert.False(outcome.Busy);
        Assert.Contains("recorded as moved", Assert.Single(outcome.Changes));
        Assert.Equal(BackupEntryState.Moved, Assert.Single(Run.Entries).State);
        holder.WaitForExit();
    }

    [Fact]
    public void A_restore_from_a_run_directory_that_is_gone_says_so_and_not_that_it_is_in_use()
    {
        var manifest = Run;
        var entry = Assert.Single(manifest.Entries);
        Directory.Delete(_run.Directory, recursive: true); // another restore or purge removed it since it was listed

        var outcome = BackupRestorer.Restore(_fixture.Backups, manifest, entry, force: false, measureOnly: false);

        Assert.False(outcome.Restored);
        Assert.Contains("is gone", outcome.Error);
        Assert.DoesNotContain("in use", outcome.Error);
    }

    [Fact]
    public void A_run_directory_swapped_for_a_link_is_named_as_a_link_and_not_as_in_use()
    {
        var manifest = Run;
        var entry = Assert.Single(manifest.Entries);
        var elsewhere = _fixture.Tree.Path("elsewhere");
        Directory.Move(_run.Directory, elsewhere);
        File.CreateSymbolicLink(_run.Directory, elsewhere);

        var outcome = BackupRestorer.Restore(_fixture.Backups, manifest, entry, force: false, measureOnly: false);
        var reconciled = BackupReconciler.Reconcile(_fixture.Backups, _run.RunId, apply: false);

        Assert.False(outcome.Restored);
        Assert.Contains("is a link", outcome.Error);
        Assert.DoesNotContain("in use", outcome.Error);
        Assert.False(reconciled.Busy);
        Assert.NotNull(reconciled.Manifest.Error);
        Assert.True(File.Exists(Path.Combine(elsewhere, "results", "job-1", "result.tif"))); // nothing followed the link
    }
}
