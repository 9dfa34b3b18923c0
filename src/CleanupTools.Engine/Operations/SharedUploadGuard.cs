using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>
/// Applications sometimes point several jobs at one uploaded file (a re-run of the same DEM). An upload is
/// deleted with an expired job only if no other job that still needs it (not cleaned and not itself
/// eligible now) names it; otherwise it stays, and the plan says why.
/// </summary>
internal static class SharedUploadGuard
{
    /// <param name="shared">
    /// For previews: the store's shared upload names, read once (<see cref="IJobStore.SharedUploadNames"/>), so
    /// only those are looked up. Null: every upload is looked up (a deleting run's batches use <see cref="ApplyNow"/>).
    /// </param>
    /// <param name="holders">
    /// The jobs that still need each upload name, as far as the caller's pass has worked them out: at most two per
    /// name, which is enough to name one other than any plan's own job. A preview over thousands of jobs sharing one
    /// upload thus asks the store and evaluates that upload's users once, not once per job.
    /// </param>
    public static IReadOnlyList<JobPlan> Apply(IReadOnlyList<JobPlan> plans, CleanupContext context, IReadOnlyCollection<string>? shared = null,
        Dictionary<string, JobRecord[]>? holders = null)
    {
        holders ??= new Dictionary<string, JobRecord[]>(StringComparer.Ordinal);
        var names = plans.Where(p => p.CanAct && p.Upload is not null).Select(p => p.Upload!.Name)
            .Where(n => (shared is null || shared.Contains(n)) && !holders.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length > 0)
        {
            var users = context.Store.GetJobsByUpload(names).ToLookup(j => j.DemFilename ?? "", StringComparer.Ordinal);
            foreach (var name in names) holders[name] = Needing(users[name], context);
        }
        return KeepHeldUploads(plans, holders);
    }

    /// <summary>A run's batch: a preview's as above; a deleting run's against the store as it is now (<see cref="ApplyNow"/>).</summary>
    public static IReadOnlyList<JobPlan> Apply(IReadOnlyList<JobPlan> plans, CleanupContext context, UploadHolders holders) =>
        holders.IsPreview ? Apply(plans, context, holders.SharedNames, holders.Known) : ApplyNow(plans, context, holders.Known);

    /// <summary>
    /// Deletion time: one look at the store per batch, whose cost does not grow with how many jobs share an upload.
    /// Holders remembered from an earlier batch are re-read by id: one still holding now is reason enough to keep the
    /// upload, so its other users need not be read again. Only uploads without a remembered holder, or whose holder
    /// let go, have all their users read (one query for the batch's names).
    /// </summary>
    private static IReadOnlyList<JobPlan> ApplyNow(IReadOnlyList<JobPlan> plans, CleanupContext context, Dictionary<string, JobRecord[]> known)
    {
        // An upload that is not there has nothing to guard and nothing to delete: it leaves the plan, so that a file of
        // that name written after this look (a new job's upload) is never touched by this batch. Once a shared upload is
        // gone, later batches thus ask nothing about it.
        plans = plans.Select(p => p.CanAct && p.Upload is { } gone && !JobPlan.Exists(gone.FullPath)
            ? p with { Targets = p.Targets.Where(t => t != gone).ToArray() } : p).ToArray();
        var names = plans.Where(p => p.CanAct && p.Upload is not null).Select(p => p.Upload!.Name).Distinct(StringComparer.Ordinal).ToArray();
        var current = new Dictionary<string, JobRecord[]>(StringComparer.Ordinal);
        var remembered = names.Where(known.ContainsKey).ToArray();
        if (remembered.Length > 0)
        {
            var now = context.Store.GetJobs(remembered.SelectMany(n => known[n]).Select(j => j.Id).Distinct(StringComparer.Ordinal).ToArray())
                .ToLookup(j => j.Id, StringComparer.Ordinal);
            foreach (var name in remembered)
            {
                var still = known[name].Select(h => now[h.Id].ToArray()).Where(rows => rows.Length == 1).Select(rows => rows[0])
                    .Where(j => j.DemFilename == name && Holds(j, context)).ToArray();
                if (still.Length == known[name].Length) current[name] = known[name] = still;
                else known.Remove(name);
            }
        }
        var unknown = names.Where(n => !current.ContainsKey(n)).ToArray();
        if (unknown.Length > 0)
        {
            var users = context.Store.GetJobsByUpload(unknown).ToLookup(j => j.DemFilename ?? "", StringComparer.Ordinal);
            foreach (var name in unknown)
            {
                current[name] = Needing(users[name], context);
                if (current[name].Length > 0 && users[name].Select(u => u.Id).Distinct(StringComparer.Ordinal).Skip(1).Any()) known[name] = current[name];
            }
        }
        return KeepHeldUploads(plans, current);
    }

    private static bool Holds(JobRecord job, CleanupContext context) => string.IsNullOrEmpty(job.DataCleanedAt) && !context.Evaluator.Evaluate(job).IsEligible;

    /// <summary>At most two jobs still needing the upload: enough to name one other than any plan's own job.</summary>
    private static JobRecord[] Needing(IEnumerable<JobRecord> users, CleanupContext context) =>
        users.Where(other => Holds(other, context)).DistinctBy(other => other.Id, StringComparer.Ordinal).Take(2).ToArray();

    private static IReadOnlyList<JobPlan> KeepHeldUploads(IReadOnlyList<JobPlan> plans, Dictionary<string, JobRecord[]> holders)
    {
        return plans.Select(plan =>
        {
            if (!plan.CanAct || plan.Upload is not { } upload || !holders.TryGetValue(upload.Name, out var needing)) return plan;
            // A job kept by its own retention may still let its upload go sooner (a component policy): it never holds it.
            var holder = needing.FirstOrDefault(other => other.Id != plan.Job.Id);
            if (holder is null) return plan;
            return plan with
            {
                Targets = plan.Targets.Where(t => t != upload).ToArray(),
                Kept = new[] { $"{upload.Display} kept: job {holder.Id} ({holder.RawStatus}) still uses it" },
            };
        }).ToArray();
    }
}
