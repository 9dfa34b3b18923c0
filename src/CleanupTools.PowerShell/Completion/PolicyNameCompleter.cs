using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Completion;

/// <summary>Completes -Name of the *-RetentionPolicy cmdlets: the policies in force, built-in and stored.</summary>
public sealed class PolicyNameCompleter : StoreValueCompleter
{
    protected override IReadOnlyList<CompletionValue> Values(CompletionLookup lookup, string prefix) => lookup.PolicyNames(prefix);
}
