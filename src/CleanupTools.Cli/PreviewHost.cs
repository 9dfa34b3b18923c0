using CleanupTools.Operations;
using static CleanupTools.Reports.HumanText;

namespace CleanupTools.Cli;

/// <summary>The CLI's --dry-run for commands that change settings: says what would change and declines it, so nothing (not even a table) is written.</summary>
public sealed class PreviewHost : IOperationHost
{
    private readonly IOperationHost _inner;
    private readonly bool _preview;

    public PreviewHost(IOperationHost inner, bool preview)
    {
        _inner = inner;
        _preview = preview;
    }

    public CancellationToken Cancellation => _inner.Cancellation;
    public void WriteObject(object item) => _inner.WriteObject(item);
    public void WriteVerbose(string message) => _inner.WriteVerbose(message);
    public void WriteWarning(string message) => _inner.WriteWarning(message);
    public void WriteNotice(Notice notice) => _inner.WriteNotice(notice);
    public void WriteError(OperationError error) => _inner.WriteError(error);
    public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);

    public bool ShouldProcess(string target, string action)
    {
        if (!_preview) return true;
        // The engine words actions for PowerShell's "Performing the operation ..." (a capital first); here they follow "Would".
        Console.Out.WriteLine($"[DRY RUN] Would {Escape(action.Length == 0 ? action : char.ToLowerInvariant(action[0]) + action[1..])} on {Escape(target)}");
        return false;
    }
}
