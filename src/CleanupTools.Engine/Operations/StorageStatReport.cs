using CleanupTools.Configuration;
using CleanupTools.FileSystem;

namespace CleanupTools.Operations;

/// <summary>
/// Storage health per root (reference 004's statistics and thresholds): usage of the tree, of its file
/// system, and the bytes the current policy would reclaim there now. Reads only.
/// </summary>
public static class StorageStatReport
{
    public static IReadOnlyList<StorageStat> Build(CleanupContext context, IOperationHost host)
    {
        var reclaimable = Reclaimable(context, host);
        var stats = new List<StorageStat>();
        // The logs root is optional (most installations keep logs in results/<id>): reported only where it exists.
        foreach (var root in context.Settings.Roots.Where(r => r.Name != StorageRoot.Logs || Directory.Exists(r.Path)))
        {
            host.WriteVerbose($"Measuring {root.Name} at {root.Path}.");
            stats.Add(Measure(root, context.Settings, reclaimable.GetValueOrDefault(root.Name)));
        }
        return stats;
    }

    public static void Run(CleanupContext context, IOperationHost host)
    {
        foreach (var stat in Build(context, host)) host.WriteObject(stat);
    }

    public static StorageHealth Classify(double usagePercent, double warningPercent, double criticalPercent) =>
        usagePercent >= criticalPercent ? StorageHealth.Critical
        : usagePercent >= warningPercent ? StorageHealth.Warning
        : StorageHealth.Healthy;

    private static StorageStat Measure(StorageRoot root, CleanupSettings settings, long reclaimable)
    {
        if (!Directory.Exists(root.Path))
            return new StorageStat { Root = root.Name, Path = root.Path, Exists = false, Health = StorageHealth.Missing };
        var tally = SafeDeleter.Measure(root.Path);
        var drive = new DriveInfo(root.Path);
        var total = drive.TotalSize;
        var free = drive.AvailableFreeSpace;
        var usage = total == 0 ? 0 : Math.Round((total - free) * 100.0 / total, 1);
        return new StorageStat
        {
            Root = root.Name,
            Path = root.Path,
            Exists = true,
            Bytes = tally.Bytes,
            Files = tally.Files,
            Directories = tally.Directories,
            FileSystemTotalBytes = total,
            FileSystemFreeBytes = free,
            UsagePercent = usage,
            Health = Classify(usage, settings.WarningPercent, settings.CriticalPercent),
            ReclaimableBytes = reclaimable,
        };
    }

    private static Dictionary<string, long> Reclaimable(CleanupContext context, IOperationHost host)
    {
        var byRoot = new Dictionary<string, long>(StringComparer.Ordinal);
        var query = new Stores.JobQuery(new CandidateFilter { Statuses = new[] { JobStatus.Completed, JobStatus.Failed } }.RawStatuses(context.Settings.Mapping));
        var shared = new Lazy<IReadOnlyCollection<string>>(context.Store.SharedUploadNames);
        // Each shared upload's users are read and evaluated once for the report, not once per job that names it.
        var holders = new Dictionary<string, JobRecord[]>(StringComparer.Ordinal);
        foreach (var job in context.Store.StreamJobs(query, context.Settings.BatchSize))
        {
            host.Cancellation.ThrowIfCancellationRequested();
            var plan = SharedUploadGuard.Apply(new[] { JobPlan.For(job, context) }, context, shared.Value, holders)[0];
            if (!plan.CanAct) continue;
            foreach (var target in plan.Targets)
                byRoot[target.Root.Name] = byRoot.GetValueOrDefault(target.Root.Name) + SafeDeleter.Delete(target, measureOnly: true).Tally.Bytes;
        }
        return byRoot;
    }
}
