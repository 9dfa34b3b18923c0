using System.Globalization;
using System.Text.Json;

namespace CleanupTools.Reports;

/// <summary>
/// Writes the run summary in reference 000's JSON shape (start_time, end_time, dry_run, *_processed,
/// total_size_freed_mb, configs_*, errors, job_details[]), streaming each job as it is recorded so a run over
/// a million jobs does not hold them all. Extra fields (outcome, bytes) are additive. As JSON Lines
/// (<see cref="RunReportFormat"/>) the same fields go on one compact line per run, and optionally one per job, so
/// runs appended to one log file (cron's <c>&gt;&gt;</c>) leave a file whose every line parses.
/// </summary>
public sealed class RunReportJsonWriter : IDisposable
{
    private readonly Utf8JsonWriter _json;
    private readonly Stream _output;
    private readonly RunReportFormat _format;
    private readonly DateTimeOffset _startTime;
    private readonly bool _dryRun;

    public RunReportJsonWriter(Stream output, DateTimeOffset startTime, bool dryRun, RunReportFormat format = RunReportFormat.Document)
    {
        _output = output;
        _format = format;
        _startTime = startTime;
        _dryRun = dryRun;
        _json = JsonOutput.Create(output, indented: format == RunReportFormat.Document);
        if (format != RunReportFormat.Document) return;
        _json.WriteStartObject();
        _json.WriteString("start_time", Iso(startTime));
        _json.WriteBoolean("dry_run", dryRun);
        _json.WriteStartArray("job_details");
    }

    /// <summary>The run the job lines belong to (known once the run has started).</summary>
    public string? RunId { get; set; }

    public void WriteJob(CleanupResult result)
    {
        if (_format == RunReportFormat.JsonLines) return;
        _json.WriteStartObject();
        if (_format == RunReportFormat.JsonLinesPerJob)
        {
            _json.WriteString("type", "job");
            _json.WriteString("run_id", RunId);
        }
        _json.WriteString("job_id", result.JobId);
        _json.WriteString("status", result.Status.ToString().ToLowerInvariant());
        if (result.CompletedAt is { } completed) _json.WriteString("completed_at", Iso(completed)); else _json.WriteNull("completed_at");
        _json.WriteBoolean("data_deleted", result.DataDeleted);
        _json.WriteBoolean("config_preserved", result.ConfigPreserved);
        _json.WriteNumber("size_freed_mb", result.SizeFreedMB);
        _json.WriteNumber("size_freed_bytes", result.BytesFreed);
        _json.WriteNumber("size_moved_mb", result.SizeMovedMB);
        _json.WriteNumber("size_moved_bytes", result.BytesMoved);
        WriteStrings("files_deleted", result.FilesDeleted);
        WriteStrings("directories_deleted", result.DirectoriesDeleted);
        _json.WriteString("action", result.Action.ToString());
        _json.WriteString("outcome", result.Outcome.ToString());
        _json.WriteString("item_kind", result.TargetKind.ToString().ToLowerInvariant());
        _json.WriteString("item", result.Target);
        _json.WriteString("policy", result.Policy);
        WriteStrings("errors", result.Errors);
        _json.WriteString("reason", result.Reason);
        _json.WriteEndObject();
        // Flushing per job keeps memory flat and lets a reader see progress.
        EndValue();
    }

    public void Complete(CleanupRunSummary summary)
    {
        StartSummary();
        _json.WriteString("end_time", Iso(summary.EndTime));
        _json.WriteBoolean("completed", true);
        _json.WriteNumber("successful_jobs_processed", summary.SuccessfulJobsProcessed);
        _json.WriteNumber("failed_jobs_processed", summary.FailedJobsProcessed);
        _json.WriteNumber("total_size_freed_mb", summary.TotalSizeFreedMB);
        _json.WriteNumber("total_size_freed_bytes", summary.TotalBytesFreed);
        _json.WriteNumber("total_size_moved_mb", summary.TotalSizeMovedMB);
        _json.WriteNumber("total_size_moved_bytes", summary.TotalBytesMoved);
        _json.WriteNumber("configs_preserved", summary.ConfigsPreserved);
        _json.WriteNumber("configs_deleted", summary.ConfigsDeleted);
        _json.WriteNumber("jobs_skipped", summary.JobsSkipped);
        _json.WriteNumber("jobs_with_errors", summary.JobsWithErrors);
        _json.WriteNumber("jobs_held", summary.JobsHeld);
        _json.WriteNumber("paths_processed", summary.PathsProcessed);
        _json.WriteNumber("backups_purged", summary.BackupsPurged);
        _json.WriteNumber("backup_size_freed_bytes", summary.BackupBytesPurged);
        _json.WriteString("run_id", summary.RunId);
        _json.WriteString("trigger", summary.Trigger.ToString().ToLowerInvariant());
        WriteStrings("errors", summary.Errors);
        _json.WriteEndObject();
        EndValue();
        EndReport();
    }

    /// <summary>
    /// Closes the document of a run that ended before it finished (stopped by a signal, refused, failed), so the
    /// output is valid JSON whatever happened: the jobs reported so far, the totals so far, and the error.
    /// </summary>
    public void Abandon(CleanupRunSummary? summary, DateTimeOffset endTime, string error)
    {
        StartSummary();
        _json.WriteString("end_time", Iso(endTime));
        _json.WriteBoolean("completed", false);
        _json.WriteString("error", error);
        if (summary is not null)
        {
            _json.WriteNumber("successful_jobs_processed", summary.SuccessfulJobsProcessed);
            _json.WriteNumber("failed_jobs_processed", summary.FailedJobsProcessed);
            _json.WriteNumber("total_size_freed_mb", summary.TotalSizeFreedMB);
            _json.WriteNumber("total_size_freed_bytes", summary.TotalBytesFreed);
            _json.WriteNumber("total_size_moved_mb", summary.TotalSizeMovedMB);
            _json.WriteNumber("total_size_moved_bytes", summary.TotalBytesMoved);
            _json.WriteNumber("jobs_with_errors", summary.JobsWithErrors);
            _json.WriteString("run_id", summary.RunId);
        }
        _json.WriteEndObject();
        EndValue();
        EndReport();
    }

    /// <summary>The document's summary follows its job array; a summary line stands alone, so it says what it is.</summary>
    private void StartSummary()
    {
        if (_format == RunReportFormat.Document)
        {
            _json.WriteEndArray();
            return;
        }
        _json.WriteStartObject();
        _json.WriteString("type", "summary");
        _json.WriteString("start_time", Iso(_startTime));
        _json.WriteBoolean("dry_run", _dryRun);
    }

    /// <summary>The report's last line ends, as a JSON Lines line does, so what stderr says next (2>&amp;1) starts a line of its own.</summary>
    private void EndReport()
    {
        if (_format == RunReportFormat.Document) _output.WriteByte((byte)'\n');
    }

    private void EndValue()
    {
        _json.Flush();
        if (_format == RunReportFormat.Document) return;
        _output.WriteByte((byte)'\n');
        _json.Reset();
    }

    public void Dispose() => _json.Dispose();

    internal static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    private void WriteStrings(string name, IEnumerable<string> values)
    {
        _json.WriteStartArray(name);
        foreach (var value in values) _json.WriteStringValue(value);
        _json.WriteEndArray();
    }
}
