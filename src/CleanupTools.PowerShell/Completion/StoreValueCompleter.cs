using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Completion;

/// <summary>
/// Completes a parameter from the store the command line names. The reading (read-only, never creating a file,
/// nothing on a missing or unreadable store) is the engine's CompletionLookup; this only quotes and wraps.
/// </summary>
public abstract class StoreValueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = CompletionWord.Parse(wordToComplete);
        if (CommandLineStore.Lookup(fakeBoundParameters) is not { } lookup) return Array.Empty<CompletionResult>();
        return Values(lookup, word.Prefix)
            .Select(v => new CompletionResult(word.Text(v.Value), v.ListItem, CompletionResultType.ParameterValue, v.Description))
            .ToArray();
    }

    protected abstract IReadOnlyList<CompletionValue> Values(CompletionLookup lookup, string prefix);
}
