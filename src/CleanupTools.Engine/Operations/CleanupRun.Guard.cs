using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>The mass-deletion guard over pipeline input, and what a run does with its verdict.</summary>
public sealed partial class CleanupRun
{
    /// <summary>The guard over pipeline input: the class sizes from the store, the removals from the given jobs.</summary>
    private void GuardExternal()
    {
        foreach (var policy in new[] { _context.Policies.Successful, _context.Policies.Failed })
            _guard.AddTotal(policy.Name, _context.Store.CountJobs(new JobQuery(_context.Settings.Mapping.RawValuesFor(policy.Status!.Value))));
        foreach (var chunk in _external.Chunk(_context.Settings.BatchSize))
        {
            foreach (var job in _context.Store.GetJobs(chunk))
            {
                if (_context.Policies.For(job.Status) is { } policy && JobPlan.For(job, _context).CanAct) _guard.AddRemoved(policy.Name);
            }
        }
        Judge();
    }

    /// <summary>A real run stops; a preview says that the real run would.</summary>
    private void Judge()
    {
        if (_guard.Verdict(_context.Policies) is not { } verdict) return;
        if (!_readOnly) throw new MassDeletionRefusedException(verdict);
        _host.WriteWarning($"A real run would stop here. {verdict}");
    }
}
