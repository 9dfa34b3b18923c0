using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathRuns;

/// <summary>
/// Two-stage cleanup on real trees: a run quarantines job data into the backup root, a restore brings it back
/// byte for byte with the job's cleaned mark cleared, newer data is never overwritten, and old backups are purged.
/// </summary>
public sealed class QuarantineRunTests : IDisposable
{
    private readonly JobInstallation _install = new();

    public void Dispose() => _install.Dispose();

    private string BackupDir => Path.Combine(_install.Base, "cleanup_backups");

    /// <summary>Content (TreeSnapshot) and the last-write time of every file and directory, for a byte-for-byte comparison.</summary>
    private static SortedDictionary<string, string> Tree(string root)
    {
        var tree = TreeSnapshot.Take(root);
        foreach (var relative in tree.Keys.ToArray())
        {
            var full = Path.Combine(root, relative);
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            tree[relative] += $" @{info.LastWriteTimeUtc.Ticks}";
        }
        return tree;
    }

    [Fact]
    public void A_quarantined_job_comes_back_byte_for_byte_with_its_cleaned_mark_cleared()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        var before = Tree(_install.Base);
        var host = new RecordingHost();

        var summary = _install.Run(host, options: new CleanupOptions { Quarantine = true });

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Quarantined, result.Outcome);
        Assert.Equal(CleanupAction.Quarantine, result.Action);
        Assert.False(_install.AnyPresent(job));
        Assert.NotNull(_install.CleanedAt(job.Id));
        Assert.Equal(job.TotalBytes, result.BytesMoved);
        Assert.Contains($"job job-1 Quarantine Quarantined", _install.AuditRows());

        var restoreHost = new RecordingHost();
        using (var context = _install.Open())
        {
            var restored = BackupService.Restore(context, runId: null, jobId: job.Id, path: null, force: false, restoreHost);
            Assert.Equal(3, restored.Count);
            Assert.All(restored, r => Assert.Equal("Restored", r.Outcome));
        }

        Assert.Empty(restoreHost.Errors);
        Assert.Null(_install.CleanedAt(job.Id));
        var after = Tree(_install.Base);
        foreach (var (path, entry) in before.Where(e => e.Key.Contains("job-1", StringComparison.Ordinal)))
            Assert.Equal(entry, after[path]); // content hash, size and times of every file and directory
        Assert.Equal(3, _install.AuditRows().Count(r => r.EndsWith("Restore Restored", StringComparison.Ordinal)));
        Assert.Contains(restoreHost.Warnings, w => w.Contains("no longer marked cleaned", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(BackupDir, summary.RunId))); // emptied by the restore, so removed
    }

    [Fact]
    public void A_restore_never_overwrites_newer_data_and_changes_nothing_when_refused()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        _install.Run(new RecordingHost(), options: new CleanupOptions { Quarantine = true });
        // The job was re-run since: its results directory holds new data now.
        JobInstallation.Write(Path.Combine(_install.ResultsOf(job.Id), "new.tif"), 100);
        var before = _install.Snapshot();
        var host = new RecordingHost();

        using (var context = _install.Open())
            BackupService.Restore(context, runId: null, jobId: job.Id, path: _install.ResultsOf(job.Id), force: true, host);

        var error = Assert.Single(host.Errors);
        Assert.Equal("RestoreRefused", error.ErrorId);
        Assert.Contains("newer", error.Message);
        Assert.Equal(before, _install.Snapshot());
    }

    [Fact]
    public void A_quarantine_policy_moves_data_and_an_emergency_run_deletes_it_instead()
    {
        var first = _install.AddJob("job-1", "completed", 500);
        var second = _install.AddJob("job-2", "completed", 500, seed: 2);
        _install.AddJob("job-new", "completed", 1);
        _install.SetPolicy(new PolicyChange { Name = PolicyNames.SuccessfulJobs, Action = CleanupAction.Quarantine });

        var quarantine = new RecordingHost();
        _install.Run(quarantine, options: new CleanupOptions { AllowMassDeletion = true }, ids: new[] { first.Id });
        var emergency = new RecordingHost();
        _install.Run(emergency, options: new CleanupOptions { Trigger = CleanupTrigger.Emergency, AllowMassDeletion = true }, ids: new[] { second.Id });

        Assert.Equal(CleanupOutcome.Quarantined, Assert.Single(quarantine.Of<CleanupResult>()).Outcome);
        Assert.Equal(CleanupOutcome.Deleted, Assert.Single(emergency.Of<CleanupResult>()).Outcome);
        Assert.Contains(emergency.Warnings, w => w.Contains("Emergency run", StringComparison.Ordinal));
        var backedUp = Directory.EnumerateFileSystemEntries(BackupDir, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
        Assert.Contains(first.Id, backedUp);
        Assert.DoesNotContain(second.Id, backedUp);
        Assert.Contains("job job-2 DeleteData Deleted", _install.AuditRows());
        Assert.Contains("job job-1 Quarantine Quarantined", _install.AuditRows());
    }

    [Fact]
    public void A_normal_run_purges_backups_older_than_their_retention_and_audits_it()
    {
        _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        var first = _install.Run(new RecordingHost(), options: new CleanupOptions { Quarantine = true });
        Assert.True(Directory.Exists(Path.Combine(BackupDir, first.RunId)));

        _install.Clock.Advance(TimeSpan.FromDays(6));
        _install.Run(new RecordingHost());
        Assert.True(Directory.Exists(Path.Combine(BackupDir, first.RunId))); // 6 days: within reference 001's 7

        _install.Clock.Advance(TimeSpan.FromDays(2));
        var purging = _install.Run(new RecordingHost());

        Assert.False(Directory.Exists(Path.Combine(BackupDir, first.RunId)));
        Assert.Equal(1, purging.BackupsPurged);
        Assert.True(purging.BackupBytesPurged > 0);
        Assert.Contains($"backup {first.RunId} PurgeBackup Purged", _install.AuditRows());
    }

    [Fact]
    public void A_backup_root_inside_a_cleaned_root_is_refused_before_anything_moves()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        var before = _install.Snapshot();

        var error = Assert.Throws<ConfigurationException>(() =>
            _install.Run(new RecordingHost(), options: new CleanupOptions { Quarantine = true, BackupDir = Path.Combine(_install.Results, "backups") }));

        Assert.Contains("backup", error.Message);
        Assert.True(_install.AllPresent(job));
        Assert.Equal(before.Where(e => !e.Key.EndsWith("jobs.db", StringComparison.Ordinal)), _install.Snapshot().Where(e => !e.Key.EndsWith("jobs.db", StringComparison.Ordinal)));
    }
}
