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
        try
        {
            if (CommandLineStore.Lookup(fakeBoundParameters) is not { } lookup) return Array.Empty<CompletionResult>();
            return Values(lookup, word.Prefix)
                .Select(v => new CompletionResult(word.Text(v.Value), v.ListItem, CompletionResultType.ParameterValue, v.Description))
                .ToArray();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // The engine already answers nothing for a store it cannot read. Anything else (a broken installation,
            // say) must not escape either: PowerShell would then offer file names, which are no ids, and the command
            // itself reports the problem when it runs.
            return Array.Empty<CompletionResult>();
        }
    }

    protected abstract IReadOnlyList<CompletionValue> Values(CompletionLookup lookup, string prefix);
}
