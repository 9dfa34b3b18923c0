using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Operations.Runs;

namespace CleanupTools.Tests.Runs;

/// <summary>
/// The end-of-run backup stage on its own, on a real backup root: a backup older than its retention is purged and
/// audited; a preview only says so; a run with no backup root leaves the store as it was.
/// </summary>
public sealed class BackupPurgeTests : IDisposable
{
    private readonly RunStages _stages = new(options: new CleanupOptions { Quarantine = true });

    public void Dispose() => _stages.Dispose();

    /// <summary>One job quarantined by the act stage, then the clock moved past the backup retention; the backup's directory.</summary>
    private string OldBackup()
    {
        _stages.Install.AddJob("job-1");
        var state = _stages.State();
        var actor = new JobActor(state, new JobRecheck(_stages.Context));
        Assert.True(actor.ActOn(_stages.Plans("job-1"))[0].Quarantined);
        Assert.Null(actor.RecordMoves());
        _stages.Install.Clock.Now += TimeSpan.FromDays(30);
        return Path.Combine(_stages.Context.Settings.BackupDir, state.Identity.RunId);
    }

    [Fact]
    public void A_backup_past_its_retention_is_purged_and_audited()
    {
        var backup = OldBackup();
        var state = _stages.State();
        state.EnsureWritable();

        new BackupPurge(state, new RunRecorder(state, new RunReporter(state.Summary, state.Host))).Run();

        Assert.False(Directory.Exists(backup));
        Assert.Equal(1, state.Summary.BackupsPurged);
        Assert.True(state.Summary.BackupBytesPurged > 0);
        Assert.Equal($"backup {Path.GetFileName(backup)} PurgeBackup Purged", Assert.Single(_stages.Install.AuditRows()));
    }

    [Fact]
    public void A_preview_says_what_it_would_purge_and_keeps_it()
    {
        var backup = OldBackup();
        var state = _stages.State(whatIf: true);

        new BackupPurge(state, new RunRecorder(state, new RunReporter(state.Summary, state.Host))).Run();

        Assert.True(Directory.Exists(backup));
        Assert.Equal(1, state.Summary.BackupsPurged);
        Assert.Contains(_stages.Host.Verbose, v => v.Contains("would be purged", StringComparison.Ordinal));
        Assert.Empty(_stages.Install.AuditRows());
    }

    [Fact]
    public void Without_a_backup_root_nothing_is_read_or_written()
    {
        var state = _stages.State();

        new BackupPurge(state, new RunRecorder(state, new RunReporter(state.Summary, state.Host))).Run();

        Assert.Equal(0, state.Summary.BackupsPurged);
        Assert.False(_stages.Install.HasColumn("data_cleaned_at"), "the store was migrated by a purge with no backups");
    }
}
