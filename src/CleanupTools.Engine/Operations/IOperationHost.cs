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

    /// <summary>A verbose line or warning that ends in advice, which the front end words as its own command.</summary>
    void WriteNotice(Notice notice);
    void WriteError(OperationError error);
    void WriteProgress(OperationProgress progress);

    /// <summary>Asks whether to act on one target. False skips the target (a -WhatIf line, or a "No" at -Confirm).</summary>
    bool ShouldProcess(string target, string action);

    CancellationToken Cancellation { get; }

    /// <summary>
    /// The front end ends the run at the first error it is given (PowerShell's -ErrorAction Stop or Inquire).
    /// The run then acts on one job at a time and records each job before reporting it, so that stop leaves
    /// nothing done unrecorded and touches no further job.
    /// </summary>
    bool StopsAtFirstError => false;
}
