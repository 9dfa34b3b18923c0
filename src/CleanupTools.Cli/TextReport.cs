using System.Globalization;
using static CleanupTools.Reports.HumanText;

namespace CleanupTools.Cli;

/// <summary>
/// The CLI's human-readable lines, modelled on references 000/002's log output. Every value that comes from a store or a
/// file system goes through <see cref="Reports.HumanText.Escape"/>, so no id or path can forge a line.
/// </summary>
public static class TextReport
{
    public static string Candidate(CleanupCandidate c) => c.IsEligible
        ? $"{Escape(c.Target)}  {Escape(c.RawStatus ?? c.Policy),-10} {c.Action,-10} {Size(c.SizeBytes),10}  {Escape(c.Reason)}"
        : $"{Escape(c.Target)}  {Escape(c.RawStatus ?? c.Policy),-10} {c.Action,-10} {"",10}  {Escape(c.Reason)}";

    public static string Result(CleanupResult r, DateTimeOffset runStart)
    {
        var age = r.CompletedAt is { } completed ? $", age: {(runStart - completed).TotalDays.ToString("0.0", CultureInfo.InvariantCulture)} days" : "";
        var paths = Escape(string.Join(", ", r.FilesDeleted.Concat(r.DirectoriesDeleted.Select(d => d + "/"))));
        var target = Escape(r.Target);
        var job = Escape(r.JobId);
        var errors = Escape(string.Join("; ", r.Errors));
        var reason = Escape(r.Reason);
        if (r.TargetKind == CleanupItemKind.Path)
            return r.Outcome switch
            {
                CleanupOutcome.WouldDelete => $"[DRY RUN] Would delete {target} ({r.Policy}, {Size(r.BytesFreed)})",
                CleanupOutcome.Deleted => $"Deleted {target} ({r.Policy}, {Size(r.BytesFreed)})",
                CleanupOutcome.Failed or CleanupOutcome.Partial => $"Failed to delete {target}: {errors}",
                _ => $"Skipped {target}: {reason}",
            };
        return r.Outcome switch
        {
            CleanupOutcome.WouldDelete when r.Action == CleanupAction.Quarantine =>
                $"[DRY RUN] Would clean job {job} (status: {Status(r)}{age})\n[DRY RUN] Would move to the backup root: {(paths.Length == 0 ? "nothing on disk" : paths)} ({Size(r.BytesMoved)})",
            CleanupOutcome.WouldDelete => $"[DRY RUN] Would clean job {job} (status: {Status(r)}{age})\n[DRY RUN] Would delete: {(paths.Length == 0 ? "nothing on disk" : paths)} ({Size(r.BytesFreed)})",
            CleanupOutcome.Deleted => $"Cleaned job {job} (status: {Status(r)}{age}): deleted {(paths.Length == 0 ? "nothing (already gone)" : paths)} ({Size(r.BytesFreed)})",
            CleanupOutcome.Quarantined => $"Quarantined job {job} (status: {Status(r)}{age}): moved {paths} to the backup root ({Size(r.BytesMoved)})",
            CleanupOutcome.Partial when r.Action == CleanupAction.Quarantine => $"Partly quarantined job {job}: moved {paths} to the backup root ({Size(r.BytesMoved)}); errors: {errors}",
            CleanupOutcome.Partial => $"Partly cleaned job {job}: deleted {paths} ({Size(r.BytesFreed)}); errors: {errors}",
            CleanupOutcome.Failed => $"Failed job {job}: {errors}",
            _ => $"Skipped job {job}: {reason}",
        };
    }

    public static string Summary(CleanupRunSummary s)
    {
        if (s.DryRun)
            return $"[DRY RUN] Summary: Would clean {s.SuccessfulJobsProcessed + s.FailedJobsProcessed} jobs, freeing ~{Size(s.TotalBytesFreed)}" +
                   (s.TotalBytesMoved > 0 ? $" and moving ~{Size(s.TotalBytesMoved)} to the backup root" : "") + "\n";
        // Reference 000's lines stay as they were; a quarantine's moved bytes get a line of their own, never "freed".
        return string.Join("\n", new[]
        {
            "=== CLEANUP SUMMARY ===",
            $"Successful jobs processed: {s.SuccessfulJobsProcessed}",
            $"Failed jobs processed: {s.FailedJobsProcessed}",
            $"Total disk space freed: {Mb(s.TotalBytesFreed)} MB",
            s.TotalBytesMoved > 0 ? $"Moved to the backup root: {Mb(s.TotalBytesMoved)} MB (still on disk; freed when the backup is purged)" : null,
            $"Job configs preserved: {s.ConfigsPreserved}",
            $"Job configs deleted: {s.ConfigsDeleted}",
            $"Paths deleted: {s.PathsProcessed}",
            $"Jobs held: {s.JobsHeld}",
            s.BackupsPurged > 0 ? $"Backups purged: {s.BackupsPurged} ({Mb(s.BackupBytesPurged)} MB freed)" : $"Backups purged: {s.BackupsPurged}",
            $"Run id: {Escape(s.RunId)} ({s.Trigger.ToString().ToLowerInvariant()})",
            s.JobsWithErrors == 0 ? "Cleanup completed successfully" : $"Cleanup completed with errors in {s.JobsWithErrors} job(s)",
            "",
        }.OfType<string>());
    }

    public static string Stat(StorageStat s) => s.Exists
        ? $"{s.Root,-8} {s.Health,-8} {s.UsagePercent.ToString("0.0", CultureInfo.InvariantCulture),5} % used  {Size(s.Bytes),10} in {s.Files} files, {s.Directories} dirs  reclaimable {Size(s.ReclaimableBytes)}  {Escape(s.Path)}"
        : $"{s.Root,-8} {s.Health,-8} (missing) {Escape(s.Path)}";

    public static string Policy(RetentionPolicy p) =>
        $"{p.Name,-20} {p.Target,-16} {p.RetentionHours.ToString("0.##", CultureInfo.InvariantCulture),8} h  {p.Action,-10} {(p.Enabled ? "enabled" : "disabled"),-8} from {p.Source}" +
        (p.KeepNewest is { } n ? $"  keep newest {n}{(p.KeepNewestPerWorkflow ? " per workflow type" : "")}" : "") +
        (p.TargetKind == PolicyTargetKind.PathClass ? $"  {Escape(p.Root ?? "(no root)")}: {Escape(string.Join(" ", p.Patterns))}{(p.MatchStatus is { } m ? $" [status {Escape(m)}]" : "")}" : "") +
        (p.UpdatedBy is null ? "" : $" (set by {Escape(p.UpdatedBy)} at {p.UpdatedAt:u})");

    public static string Hold(CleanupHold h, DateTimeOffset now) =>
        $"hold {h.Id,-5} {h.Kind.ToString().ToLowerInvariant(),-4} {Escape(h.Target)}  {(h.IsActive(now) ? h.ExpiresAt is { } at ? $"until {at:u}" : "no expiry" : "expired")}  {Escape(h.Reason)} (by {Escape(h.CreatedBy)} at {h.CreatedAt:u})";

    public static string Audit(CleanupAuditEntry e) =>
        $"{e.Timestamp:u}  {Escape(e.RunId)}  {e.Trigger.ToString().ToLowerInvariant(),-9} {Escape(e.TargetKind),-6} {Escape(e.Target)}  {Escape(e.Action)} {Escape(e.Outcome)} {Size(e.Bytes)}{(e.BytesMoved > 0 ? " moved" : "")}{(e.Policy is null ? "" : $" ({Escape(e.Policy)})")}{(e.Error is null ? "" : $"  error: {Escape(e.Error)}")}";

    public static string Statistics(CleanupStatistics s)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Cleanup statistics" + (s.Since is { } since ? $" since {since:u}" : ""));
        text.AppendLine($"  Runs: {s.Runs}{(s.LastRun is { } last ? $" (last {last:u})" : "")}");
        text.AppendLine($"  Items acted on: {s.ItemsActedOn} ({s.ItemsFailed} failed or partial)");
        text.AppendLine($"  Space freed: {s.SpaceFreedMB.ToString("0.0", CultureInfo.InvariantCulture)} MB");
        if (s.BytesMoved > 0) text.AppendLine($"  Moved to the backup root: {s.SpaceMovedMB.ToString("0.0", CultureInfo.InvariantCulture)} MB (freed when purged)");
        if (s.RecentRuns.Count > 0) text.AppendLine("Recent runs:");
        foreach (var run in s.RecentRuns) text.AppendLine("  " + Audit(run));
        return text.ToString();
    }

    /// <summary>Writes a JSON report to stdout, followed by a newline as the text reports end.</summary>
    public static void WriteJson(Action<Stream> write)
    {
        using (var stdout = Console.OpenStandardOutput()) write(stdout);
        Console.Out.WriteLine();
    }

    /// <summary>
    /// Closes a streamed JSON report with a newline and sends it out, so what stderr says next (a store error that ended
    /// the run, say) starts on a line of its own where both streams meet (2>&amp;1, a terminal).
    /// </summary>
    public static void EndJson(Stream stdout, Action complete)
    {
        complete();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{(bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture)} GB",
        >= 1L << 20 => $"{(bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture)} MB",
        >= 1L << 10 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes} B",
    };

    private static string Mb(long bytes) => Math.Round(bytes / 1048576.0, 1).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Status(CleanupResult r) => r.Status.ToString().ToLowerInvariant();
}
