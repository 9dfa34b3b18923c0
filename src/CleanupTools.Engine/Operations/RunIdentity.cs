using System.Globalization;

namespace CleanupTools.Operations;

/// <summary>Who runs, where, why and under which id: stamped on every audit row of one run (and on its backups).</summary>
internal sealed record RunIdentity(string RunId, CleanupTrigger Trigger, string User, string Host)
{
    /// <summary>A sortable, unique id: the start time, then random hex (two runs may start within one second).</summary>
    public static RunIdentity Create(DateTimeOffset start, CleanupTrigger trigger) => new(
        $"{start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}",
        trigger,
        Environment.UserName,
        Environment.MachineName);

    public CleanupAuditEntry Entry(string targetKind, string target, DateTimeOffset at, string action, long bytes, string outcome,
        string? jobId, string? policy, string? error) => new()
    {
        RunId = RunId,
        Timestamp = at,
        User = User,
        Host = Host,
        Trigger = Trigger,
        TargetKind = targetKind,
        Target = target,
        JobId = jobId,
        Policy = policy,
        Action = action,
        Bytes = bytes,
        Outcome = outcome,
        Error = error,
    };
}
