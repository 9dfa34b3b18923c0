using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Completion;

/// <summary>Completes hold ids (Remove-CleanupHold -Id): the holds in force, with target and reason as the tooltip.</summary>
public sealed class HoldIdCompleter : StoreValueCompleter
{
    protected override IReadOnlyList<CompletionValue> Values(CompletionLookup lookup, string prefix) => lookup.HoldIds(prefix);
}
