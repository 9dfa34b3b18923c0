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
    public static IReadOnlyList<JobPlan> Apply(IReadOnlyList<JobPlan> plans, CleanupContext context, IReadOnlyCollection<string>? shared = null)
    {
        var names = plans.Where(p => p.CanAct && p.Upload is not null).Select(p => p.Upload!.Name)
            .Where(n => shared is null || shared.Contains(n)).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) return plans;
        var users = context.Store.GetJobsByUpload(names).ToLookup(j => j.DemFilename ?? "", StringComparer.Ordinal);
        return plans.Select(plan =>
        {
            if (!plan.CanAct || plan.Upload is not { } upload) return plan;
            var holder = users[upload.Name].FirstOrDefault(other =>
                other.Id != plan.Job.Id && string.IsNullOrEmpty(other.DataCleanedAt) && !context.Evaluator.Evaluate(other).IsEligible);
            return holder is null ? plan : plan with
            {
                Targets = plan.Targets.Where(t => t != upload).ToArray(),
                Kept = new[] { $"{upload.Display} kept: job {holder.Id} ({holder.RawStatus}) still uses it" },
            };
        }).ToArray();
    }
}
