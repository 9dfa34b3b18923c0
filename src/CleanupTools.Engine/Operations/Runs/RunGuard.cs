using CleanupTools.Stores;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// The guard stage: before the first item is deleted, the <see cref="MassDeletionGuard"/> sees every item the run
/// would remove against the size of its class. A real run stops; a preview says that the real run would.
/// </summary>
internal sealed class RunGuard
{
    private readonly CleanupContext _context;
    private readonly IOperationHost _host;
    private readonly MassDeletionGuard _guard;
    private readonly bool _readOnly;

    public RunGuard(CleanupContext context, IOperationHost host, bool readOnly)
    {
        _context = context;
        _host = host;
        _readOnly = readOnly;
        _guard = MassDeletionGuard.Resolve(context.Options, context.Environment);
    }

    /// <summary>
    /// The store's own run: one read-only pass before anything is deleted. A guard that looked batch by batch would
    /// stop only after most of a mistaken run had already gone.
    /// </summary>
    public void JudgeStore(CandidateFilter filter, JobQuery query, bool includesPaths)
    {
        if (_guard.Allowed) return;
        foreach (var job in _context.Store.StreamJobs(query, _context.Settings.BatchSize))
        {
            _host.Cancellation.ThrowIfCancellationRequested();
            if (_context.Policies.For(job.Status) is not { } policy) continue;
            _guard.AddTotal(policy.Name);
            if (filter.MatchesId(job.Id) && JobPlan.For(job, _context) is { CanAct: true } plan && filter.MatchesAge(plan.Decision.Age))
                _guard.AddRemoved(policy.Name);
        }
        if (includesPaths)
        {
            foreach (var plan in PathClassPlanner.Plan(_context, _host, report: false))
            {
                _guard.AddTotal(plan.Policy);
                if (plan.CanAct && filter.MatchesAge(plan.Decision.Age)) _guard.AddRemoved(plan.Policy);
            }
        }
        Judge();
    }

    /// <summary>Pipeline input: the class sizes from the store, the removals from the given jobs.</summary>
    public void JudgeJobs(IReadOnlyCollection<string> ids)
    {
        if (_guard.Allowed) return;
        foreach (var policy in new[] { _context.Policies.Successful, _context.Policies.Failed })
            _guard.AddTotal(policy.Name, _context.Store.CountJobs(new JobQuery(_context.Settings.Mapping.RawValuesFor(policy.Status!.Value))));
        foreach (var chunk in ids.Chunk(_context.Settings.BatchSize))
        {
            foreach (var job in _context.Store.GetJobs(chunk))
            {
                if (_context.Policies.For(job.Status) is { } policy && JobPlan.For(job, _context).CanAct) _guard.AddRemoved(policy.Name);
            }
        }
        Judge();
    }

    /// <summary>Path-class items given from outside: each class as the planner sees it, the removals those given.</summary>
    public void JudgePaths(IReadOnlyCollection<PathPlan> given)
    {
        if (_guard.Allowed) return;
        var paths = given.Select(p => p.Entry.FullPath).ToHashSet(StringComparer.Ordinal);
        foreach (var plan in PathClassPlanner.Plan(_context, _host, report: false))
        {
            _guard.AddTotal(plan.Policy);
            if (plan.CanAct && paths.Contains(plan.Entry.FullPath)) _guard.AddRemoved(plan.Policy);
        }
        Judge();
    }

    private void Judge()
    {
        if (_guard.Verdict(_context.Policies) is not { } verdict) return;
        if (!_readOnly) throw new MassDeletionRefusedException(verdict);
        _host.WriteWarning($"A real run would stop here. {verdict}");
    }
}
