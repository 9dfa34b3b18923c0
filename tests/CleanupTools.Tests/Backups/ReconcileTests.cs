using System.Text.Json.Nodes;
using CleanupTools.FileSystem.Backups;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// A run killed mid-quarantine leaves a manifest whose intents say what it was doing; each state, with the files
/// as a kill at that moment leaves them, settles to the truth on disk, every entry stays findable under its job,
/// and nothing a reconcile cannot decide is ever purged. Entries older versions moved without recording are adopted.
/// </summary>
public sealed class ReconcileTests : IDisposable
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private readonly BackupFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string ResultsOf(string job) => Path.Combine(_fixture.Results.Path, job);

    /// <summary>A run whose manifest names <paramref name="job"/>'s results in <paramref name="state"/>, as a killed run leaves it.</summary>
    private BackupRun RunWithIntent(string job, BackupEntryState state, out BackupEntry intent, string runId = "run-1")
    {
        var target = _fixture.AddJob(job);
        var run = _fixture.Begin(runId, startedAt: BackupFixture.Start);
        var status = new DirectoryInfo(target.FullPath).LastWriteTimeUtc;
        intent = new BackupEntry("results", job, target.FullPath, $"results/{job}", job, "completed-30d", BackupEntryKind.Directory,
            BackupFixture.JobBytes, 5, 3, status, BackupFixture.Start.AddMinutes(1)) { State = state };
        Directory.CreateDirectory(Path.Combine(run.Directory, "results"));
        ManifestFile.Write(run.Directory, run.RunId, BackupFixture.Start, new[] { intent });
        return run;
    }

    private static string BackupOf(BackupRun run, string job) => Path.Combine(run.Directory, "results", job);

    private ReconcileOutcome Reconcile(BackupRun run, bool apply = true) => BackupReconciler.Reconcile(_fixture.Backups, run.RunId, apply);

    private BackupManifest OnDisk(BackupRun run) => BackupCatalog.List(_fixture.Backups).Single(m => m.RunId == run.RunId);

    [Fact]
    public void A_moving_intent_whose_entry_reached_the_backup_is_recorded_as_moved_and_restores_under_its_job()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Moving, out var intent);
        var before = ExactSnapshot.Take(ResultsOf("job-1"));
        Directory.Move(ResultsOf("job-1"), BackupOf(run, "job-1")); // the rename happened; the "moved" write did not

        var outcome = Reconcile(run);

        Assert.Empty(outcome.Unresolved);
        Assert.Contains("recorded as moved", Assert.Single(outcome.Changes));
        var entry = Assert.Single(OnDisk(run).Entries);
        Assert.Equal(intent with { State = BackupEntryState.Moved }, entry);
        Assert.Equal("job-1", entry.JobId);
        var restored = BackupRestorer.Restore(_fixture.Backups, OnDisk(run), entry, force: false, measureOnly: false);
        Assert.True(restored.Succeeded, restored.Error);
        Assert.Equal(before, ExactSnapshot.Take(ResultsOf("job-1")));
    }

    [Fact]
    public void A_moving_intent_whose_entry_never_left_is_dropped_and_the_original_is_untouched()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Moving, out _);
        var before = ExactSnapshot.Take(ResultsOf("job-1"));

        var outcome = Reconcile(run);

        Assert.Contains("never moved", Assert.Single(outcome.Changes));
        Assert.Empty(OnDisk(run).Entries);
        Assert.Equal(before, ExactSnapshot.Take(ResultsOf("job-1")));
    }

    [Fact]
    public void A_partial_copy_beside_a_whole_original_is_removed_and_the_original_is_untouched()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Copying, out _);
        var before = ExactSnapshot.Take(ResultsOf("job-1"));
        BackupFixture.Write(Path.Combine(BackupOf(run, "job-1"), "result.tif"), 100, 1); // the copy got this far

        var outcome = Reconcile(run);

        Assert.Contains("partial copy", Assert.Single(outcome.Changes));
        Assert.Empty(outcome.Errors);
        Assert.False(Path.Exists(BackupOf(run, "job-1")));
        Assert.Empty(OnDisk(run).Entries);
        Assert.Empty(OnDisk(run).Unlisted);
        Assert.Equal(before, ExactSnapshot.Take(ResultsOf("job-1")));
    }

    [Fact]
    public void A_copy_in_progress_whose_original_is_gone_is_kept_as_the_only_copy_and_never_purged()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Copying, out var intent);
        Directory.Move(ResultsOf("job-1"), BackupOf(run, "job-1"));

        var outcome = Reconcile(run);
        var purge = BackupCatalog.Purge(_fixture.Backups, Week, BackupFixture.Start.AddYears(1), measureOnly: false);

        Assert.Contains("only copy", Assert.Single(outcome.Unresolved));
        Assert.Equal(intent, Assert.Single(OnDisk(run).Entries));
        Assert.Empty(purge.Purged);
        Assert.Equal("run-1", Assert.Single(purge.KeptUnreadable).RunId);
        Assert.True(File.Exists(Path.Combine(BackupOf(run, "job-1"), "result.tif")));
    }

    [Fact]
    public void A_whole_copy_whose_original_was_being_removed_is_recorded_as_moved()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Copied, out var intent);
        var before = ExactSnapshot.Take(ResultsOf("job-1"));
        CopyTree(ResultsOf("job-1"), BackupOf(run, "job-1"));
        File.Delete(Path.Combine(ResultsOf("job-1"), "result.tif")); // the removal of the original got this far

        var outcome = Reconcile(run);

        Assert.Contains("copied whole", Assert.Single(outcome.Changes));
        Assert.Equal(intent with { State = BackupEntryState.Moved }, Assert.Single(OnDisk(run).Entries));
        // The leftovers stay where they are: the job is not marked, so its next run takes them.
        Assert.True(Directory.Exists(Path.Combine(ResultsOf("job-1"), "logs")));
        Assert.Equal(before["result.tif"], ExactSnapshot.Take(BackupOf(run, "job-1"))["result.tif"]);
    }

    [Fact]
    public void An_entry_in_the_backup_but_in_no_manifest_is_adopted_with_its_job_restored_and_not_purged_silently()
    {
        // What older versions left when killed between the move and the manifest write.
        var run = _fixture.Begin("run-old", startedAt: BackupFixture.Start);
        var before = ExactSnapshot.Take(_fixture.AddJob("job-7").FullPath);
        Directory.CreateDirectory(Path.Combine(run.Directory, "results"));
        Directory.Move(ResultsOf("job-7"), BackupOf(run, "job-7"));
        BackupFixture.Write(Path.Combine(_fixture.Uploads.Path, "dem-7.tif"), 500, 3);
        Directory.CreateDirectory(Path.Combine(run.Directory, "uploads"));
        File.Move(Path.Combine(_fixture.Uploads.Path, "dem-7.tif"), Path.Combine(run.Directory, "uploads", "dem-7.tif"));

        // A measure-only purge (a dry run) sees the adoption but writes nothing.
        var manifestBefore = File.ReadAllBytes(Path.Combine(run.Directory, "manifest.json"));
        var preview = BackupCatalog.Purge(_fixture.Backups, Week, BackupFixture.Start.AddDays(1), measureOnly: true);
        Assert.Equal(2, Assert.Single(preview.Reconciled).Changes.Count);
        Assert.Equal(manifestBefore, File.ReadAllBytes(Path.Combine(run.Directory, "manifest.json")));

        // A purge of fresh runs only reconciles: the run is kept, now listing both entries.
        var purge = BackupCatalog.Purge(_fixture.Backups, Week, BackupFixture.Start.AddDays(1), measureOnly: false);
        Assert.Empty(purge.Purged);
        var manifest = OnDisk(run);
        Assert.Empty(manifest.Unlisted);
        var results = manifest.Entries.Single(e => e.Root == "results");
        Assert.Equal(("job-7", true, BackupEntryState.Moved), (results.JobId, results.Adopted, results.State));
        Assert.Equal(BackupFixture.JobBytes, results.Bytes);
        // An upload's name does not say whose it is: it is listed without a job, restorable by run or path.
        var upload = manifest.Entries.Single(e => e.Root == "uploads");
        Assert.Null(upload.JobId);
        Assert.Equal(Path.Combine(_fixture.Uploads.Path, "dem-7.tif"), upload.OriginalPath);

        var restored = BackupRestorer.Restore(_fixture.Backups, manifest, results, force: false, measureOnly: false);
        Assert.True(restored.Succeeded, restored.Error);
        Assert.Equal(before, ExactSnapshot.Take(ResultsOf("job-7")));
    }

    [Fact]
    public void An_unlisted_entry_whose_original_still_exists_is_never_adopted_nor_purged()
    {
        // An older version killed mid-copy: a partial copy beside the whole original. Which is which cannot be known.
        var run = _fixture.Begin("run-old", startedAt: BackupFixture.Start);
        _fixture.AddJob("job-3");
        BackupFixture.Write(Path.Combine(BackupOf(run, "job-3"), "result.tif"), 10, 1);

        var purge = BackupCatalog.Purge(_fixture.Backups, Week, BackupFixture.Start.AddYears(1), measureOnly: false);

        Assert.Empty(purge.Purged);
        Assert.Contains("results/job-3", Assert.Single(purge.KeptUnreadable).Error);
        Assert.Contains("results/job-3", Assert.Single(OnDisk(run).Unlisted));
        Assert.True(File.Exists(Path.Combine(BackupOf(run, "job-3"), "result.tif")));
    }

    [Fact]
    public void A_run_another_process_is_moving_into_is_not_judged_nor_purged()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Moving, out var intent);
        var manifestBefore = File.ReadAllBytes(Path.Combine(run.Directory, "manifest.json"));

        using (RunDirectoryLock.TryAcquire(run.Directory, out _))
        {
            var outcome = Reconcile(run);
            var purge = BackupCatalog.Purge(_fixture.Backups, Week, BackupFixture.Start.AddYears(1), measureOnly: false);

            Assert.True(outcome.Busy);
            Assert.Empty(outcome.Changes);
            Assert.Empty(purge.Purged);
            Assert.True(Directory.Exists(run.Directory));
            Assert.Equal(manifestBefore, File.ReadAllBytes(Path.Combine(run.Directory, "manifest.json")));
        }
        Assert.Empty(Reconcile(run).Manifest.Entries); // once let go, the intent (never moved) settles
    }

    [Fact]
    public void An_entry_is_listed_as_moving_on_disk_before_it_moves_and_not_moved_when_that_cannot_be_written()
    {
        var target = _fixture.AddJob("job-1");
        var before = ExactSnapshot.Take(target.FullPath);
        var run = _fixture.Begin("run-1");
        // The manifest cannot be rewritten (its temporary name is taken by a directory): the intent cannot be recorded.
        Directory.CreateDirectory(Path.Combine(run.Directory, "manifest.json.tmp"));

        var outcome = run.Quarantine(target, "job-1", "completed-30d");

        Assert.False(outcome.Moved);
        Assert.Contains(outcome.Errors, e => e.Contains("intent could not be recorded"));
        Assert.Equal(before, ExactSnapshot.Take(target.FullPath));
        Assert.False(Path.Exists(BackupOf(run, "job-1")));
    }

    [Fact]
    public void A_manifest_without_states_lists_moved_entries_and_states_round_trip()
    {
        var run = RunWithIntent("job-1", BackupEntryState.Copied, out _);
        var path = Path.Combine(run.Directory, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("copied", json["entries"]![0]!["state"]!.GetValue<string>());
        json["entries"]![0]!.AsObject().Remove("state"); // as versions before states wrote it
        File.WriteAllText(path, json.ToJsonString());

        var entry = Assert.Single(OnDisk(run).Entries);

        Assert.Equal(BackupEntryState.Moved, entry.State);
        Assert.False(entry.Adopted);
        Assert.Empty(Reconcile(run).Changes);
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var path in Directory.EnumerateFileSystemEntries(source))
        {
            var to = Path.Combine(destination, Path.GetFileName(path));
            if (new FileInfo(path).LinkTarget is { } link) File.CreateSymbolicLink(to, link);
            else if (Directory.Exists(path)) CopyTree(path, to);
            else
            {
                File.Copy(path, to);
                File.SetLastWriteTimeUtc(to, File.GetLastWriteTimeUtc(path));
            }
        }
    }
}
