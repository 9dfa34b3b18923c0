using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Reports;
using CleanupTools.Stores;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathRuns;

/// <summary>
/// Issue 9: a quarantine moves data, it frees nothing. Its bytes are reported as moved in the result, the run summary,
/// the job's cleanup_summary, the audit trail and the statistics; they count as freed only when the purge removes the backup.
/// </summary>
public sealed class QuarantineBytesTests : IDisposable
{
    private readonly JobInstallation _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public void A_quarantine_reports_its_bytes_as_moved_not_freed_everywhere()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        var host = new RecordingHost();

        var summary = _install.Run(host, options: new CleanupOptions { Quarantine = true });

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal((0L, job.TotalBytes), (result.BytesFreed, result.BytesMoved));
        Assert.Equal((0L, job.TotalBytes), (summary.TotalBytesFreed, summary.TotalBytesMoved));
        var recorded = _install.Summary(job.Id)!.Value;
        Assert.Equal(0, recorded.GetProperty("size_freed_bytes").GetInt64());
        Assert.Equal(job.TotalBytes, recorded.GetProperty("size_moved_bytes").GetInt64());

        using var context = _install.Open();
        var rows = HistoryService.Get(context, new AuditQuery { RunId = summary.RunId });
        var jobRow = Assert.Single(rows, r => r.TargetKind == CleanupAuditEntry.JobTarget);
        Assert.Equal((job.TotalBytes, 0L, job.TotalBytes), (jobRow.Bytes, jobRow.BytesFreed, jobRow.BytesMoved));
        var runRow = Assert.Single(rows, r => r.TargetKind == CleanupAuditEntry.RunTarget);
        Assert.Equal(0, runRow.Bytes);
        var stats = HistoryService.Statistics(context, since: null);
        Assert.Equal((0L, job.TotalBytes), (stats.BytesFreed, stats.BytesMoved));
    }

    [Fact]
    public void A_dry_run_of_a_quarantine_previews_the_bytes_as_moved()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        var host = new RecordingHost();

        var summary = _install.Run(host, dryRun: true, options: new CleanupOptions { Quarantine = true });

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal((CleanupOutcome.WouldDelete, CleanupAction.Quarantine), (result.Outcome, result.Action));
        Assert.Equal((0L, job.TotalBytes), (result.BytesFreed, result.BytesMoved));
        Assert.Equal((0L, job.TotalBytes), (summary.TotalBytesFreed, summary.TotalBytesMoved));
        Assert.True(_install.AllPresent(job));
    }

    [Fact]
    public void The_purge_of_a_quarantine_reports_its_bytes_as_freed()
    {
        var job = _install.AddJob("job-1", "completed", 500);
        _install.AddJob("job-new", "completed", 1);
        _install.Run(new RecordingHost(), options: new CleanupOptions { Quarantine = true });
        _install.Clock.Advance(TimeSpan.FromDays(8));

        var purging = _install.Run(new RecordingHost());

        Assert.Equal(1, purging.BackupsPurged);
        Assert.True(purging.BackupBytesPurged >= job.TotalBytes, $"{purging.BackupBytesPurged} < {job.TotalBytes}");
        using var context = _install.Open();
        var stats = HistoryService.Statistics(context, since: null);
        // That run also deleted job-new, now past its retention: its bytes and the purged backup's are the freed ones.
        Assert.Equal(purging.BackupBytesPurged + purging.TotalBytesFreed, stats.BytesFreed);
        Assert.Equal(job.TotalBytes, stats.BytesMoved);
    }

    [Fact]
    public void The_audit_json_says_a_quarantine_row_moved_its_bytes()
    {
        var entry = new CleanupAuditEntry
        {
            RunId = "r", Timestamp = DateTimeOffset.UnixEpoch, Trigger = CleanupTrigger.Manual, TargetKind = CleanupAuditEntry.JobTarget,
            Target = "job-1", Action = nameof(CleanupAction.Quarantine), Bytes = 3 * 1048576, Outcome = "Quarantined",
        };
        using var output = new MemoryStream();

        AuditJson.Write(output, new[] { entry });

        using var json = System.Text.Json.JsonDocument.Parse(output.ToArray());
        var row = json.RootElement[0];
        Assert.Equal((0.0, 3.0), (row.GetProperty("space_freed_mb").GetDouble(), row.GetProperty("space_moved_mb").GetDouble()));
    }
}
