using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Completion;

/// <summary>Completes -JobId: the store's job ids that start with the typed prefix, newest first, at most 100.</summary>
public sealed class JobIdCompleter : StoreValueCompleter
{
    protected override IReadOnlyList<CompletionValue> Values(CompletionLookup lookup, string prefix) => lookup.JobIds(prefix);
}
