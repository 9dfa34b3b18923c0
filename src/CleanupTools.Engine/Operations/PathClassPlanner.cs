using CleanupTools.Configuration;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>
/// Decides what the path classes' policies do with each entry their patterns match. Each configured root is
/// scanned once with the union of its policies' patterns. When several policies match one entry, an operation
/// file's own status picks the policy that names it (reference 001: failed and completed operations), then the
/// most specific pattern wins, then the longest retention (the safer of two equally specific rules).
/// </summary>
internal static class PathClassPlanner
{
    /// <summary>Operation statuses that mean the work is not finished: such files are never touched.</summary>
    private static readonly HashSet<string> ActiveStatuses = new(StringComparer.Ordinal)
    {
        "running", "pending", "queued", "in_progress", "started", "active", "scheduled", "submitted", "waiting",
    };

    /// <param name="report">False for a counting pass, which must not repeat the messages of the pass that acts.</param>
    public static IEnumerable<PathPlan> Plan(CleanupContext context, IOperationHost host, bool report = true)
    {
        foreach (var unrooted in context.Policies.PathClasses.Where(p => p.Root is null && report))
            host.WriteNotice(new Notice($"Policy {unrooted.Name} has no root, so it cleans nothing: set one to clean what it matches", new Advice(AdviceKind.SetPolicyRoot, unrooted.Name)));
        foreach (var root in Roots(context))
        {
            var (storage, rules) = Group(context, root);
            var names = string.Join(", ", rules.Select(r => r.Policy.Name));
            var scan = PathClassScanner.Scan(storage.Path, rules.SelectMany(p => p.Patterns).ToArray(), host.Cancellation);
            foreach (var entry in scan.Entries) yield return Decide(context, storage, rules, entry);
            if (!report) continue;
            if (scan.RootMissing) host.WriteVerbose($"The root {storage.Path} of {names} does not exist; nothing to clean there.");
            foreach (var error in scan.Errors) host.WriteWarning($"Path classes {names}: {error}");
        }
    }

    /// <summary>
    /// The entry as it is now, decided again with the policies and holds in force now (deletion-time re-check);
    /// null when it is gone, or no longer a plain entry of its root.
    /// </summary>
    public static PathPlan? Recheck(CleanupContext context, PathPlan plan)
    {
        FileSystemInfo info = new FileInfo(plan.Entry.FullPath);
        if (!info.Exists && info.LinkTarget is null)
        {
            info = new DirectoryInfo(plan.Entry.FullPath);
            if (!info.Exists) return null;
        }
        var kind = info.LinkTarget is not null ? PathEntryKind.Link : info is DirectoryInfo ? PathEntryKind.Directory : PathEntryKind.File;
        var entry = plan.Entry with { Kind = kind, Length = info is FileInfo file && kind == PathEntryKind.File ? file.Length : 0, LastWriteTimeUtc = info.LastWriteTimeUtc };
        var (storage, rules) = Group(context, plan.Root.Path);
        var segments = entry.RelativePath.Split('/');
        return rules.Any(r => r.Patterns.Any(p => p.Matches(segments))) ? Decide(context, storage, rules, entry) : null;
    }

    /// <summary>An entry named by full path, if it lies strictly inside the root (its kind and time are read by <see cref="Recheck"/>).</summary>
    public static PathClassEntry? Entry(CleanupContext context, string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        relative = relative.Replace(Path.DirectorySeparatorChar, '/');
        return new PathClassEntry(Path.Join(root, relative), relative, PathEntryKind.File, 0, DateTime.MinValue);
    }

    private static IEnumerable<string> Roots(CleanupContext context) =>
        context.Policies.PathClasses.Where(p => p.Root is not null).Select(p => p.Root!).Distinct(StringComparer.Ordinal);

    /// <summary>One root's policies; the root is named for its first policy (that name is its folder in a backup).</summary>
    private static (StorageRoot Root, Rule[] Rules) Group(CleanupContext context, string root)
    {
        var policies = context.Policies.PathClasses.Where(p => p.Root == root).ToArray();
        var storage = context.PathClassRoot(policies[0].Name, root);
        return (storage, policies.Select(p => new Rule(p, p.Patterns.Select(t => GlobPattern.Relative(t, p.Name)).ToArray())).ToArray());
    }

    private static PathPlan Decide(CleanupContext context, StorageRoot root, IReadOnlyList<Rule> rules, PathClassEntry entry)
    {
        var segments = entry.RelativePath.Split('/');
        var matching = rules.Where(r => r.Patterns.Any(p => p.Matches(segments))).ToArray();
        var status = entry.Kind == PathEntryKind.File && matching.Any(r => r.Policy.MatchStatus is not null) ? OperationFileStatus.Read(entry.FullPath) : null;
        if (status is not null && ActiveStatuses.Contains(status))
            return Keep(entry, root, matching[0].Policy.Name, $"its status is '{status}': unfinished operations are never cleaned");

        var candidates = matching.Where(r => status is not null && r.Policy.MatchStatus == status).ToArray();
        if (candidates.Length == 0) candidates = matching.Where(r => r.Policy.MatchStatus is null).ToArray();
        if (candidates.Length == 0)
            return Keep(entry, root, matching[0].Policy.Name, status is null ? "no status field, and only status-specific policies match it" : $"no policy matches its status '{status}'");
        var policy = candidates
            .OrderByDescending(r => r.Patterns.Where(p => p.Matches(segments)).Max(Specificity))
            .ThenByDescending(r => r.Policy.Retention)
            .First().Policy;

        if (!policy.Enabled) return Keep(entry, root, policy.Name, $"policy {policy.Name} is disabled");
        var modified = new DateTimeOffset(DateTime.SpecifyKind(entry.LastWriteTimeUtc, DateTimeKind.Utc));
        var age = context.Clock.GetUtcNow() - modified;
        if (age < TimeSpan.Zero)
            return new PathPlan(entry, root, policy.Name, new JobDecision(CleanupAction.Keep, policy.Name, $"modified {modified:u}, in the future; kept", modified, age));
        var what = $"{entry.Kind.ToString().ToLowerInvariant()} modified {CandidateEvaluator.FormatAge(age)} ago";
        if (age < policy.Retention)
            return new PathPlan(entry, root, policy.Name, new JobDecision(CleanupAction.Keep, policy.Name,
                $"{what}, within the {policy.Name} retention of {CandidateEvaluator.FormatRetention(policy.Retention)}", modified, age));
        var reason = $"{what}, at or past the {policy.Name} retention of {CandidateEvaluator.FormatRetention(policy.Retention)}";
        if (context.Evaluator.Holds.ForPath(entry.FullPath) is { } hold)
            return new PathPlan(entry, root, policy.Name, new JobDecision(CleanupAction.Held, policy.Name, $"{reason}, but {hold.Describe()}", modified, age));
        return new PathPlan(entry, root, policy.Name, new JobDecision(policy.Action, policy.Name, reason, modified, age));
    }

    /// <summary>How much of a pattern is literal text: operation_*.json says more than *.json, and **/dbt*.log more than **/*.log.</summary>
    private static int Specificity(GlobPattern pattern) => pattern.Text.Count(c => c is not ('*' or '?' or '/'));

    private static PathPlan Keep(PathClassEntry entry, StorageRoot root, string policy, string reason) =>
        new(entry, root, policy, new JobDecision(CleanupAction.Keep, policy, reason, null, null));

    private sealed record Rule(RetentionPolicy Policy, GlobPattern[] Patterns);
}
