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
    /// only those are looked up. Null at deletion time, where every upload is checked against the store as it is now.
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
            foreach (var name in names)
                holders[name] = users[name].Where(other => string.IsNullOrEmpty(other.DataCleanedAt) && !context.Evaluator.Evaluate(other).IsEligible)
                    .DistinctBy(other => other.Id, StringComparer.Ordinal).Take(2).ToArray();
        }
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
