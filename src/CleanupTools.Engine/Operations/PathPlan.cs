using CleanupTools.Configuration;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Policies;

namespace CleanupTools.Operations;

/// <summary>One entry a path class matched, with the policy that governs it and the verdict.</summary>
internal sealed record PathPlan(PathClassEntry Entry, StorageRoot Root, string Policy, JobDecision Decision)
{
    public bool CanAct => Decision.IsEligible;
}
