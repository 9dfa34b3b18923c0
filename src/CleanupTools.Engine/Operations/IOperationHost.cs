namespace CleanupTools.Operations;

/// <summary>
/// The seam between the engine and a front end. A cmdlet maps these calls onto WriteObject, WriteVerbose,
/// WriteError, WriteProgress and ShouldProcess; the CLI onto its console and JSON output; tests record them.
/// Operations call the host only from the thread that called them, as PowerShell requires.
/// </summary>
public interface IOperationHost
{
    void WriteObject(object item);
    void WriteVerbose(string message);
    void WriteWarning(string message);
    void WriteError(OperationError error);
    void WriteProgress(OperationProgress progress);

    /// <summary>Asks whether to act on one target. False skips the target (a -WhatIf line, or a "No" at -Confirm).</summary>
    bool ShouldProcess(string target, string action);

    CancellationToken Cancellation { get; }
}
