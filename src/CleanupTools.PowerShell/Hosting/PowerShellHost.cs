using System.Management.Automation;
using CleanupTools.Configuration;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Hosting;

/// <summary>
/// Maps the engine's host seam onto a cmdlet: objects, verbose, warnings, non-terminating ErrorRecords,
/// progress and ShouldProcess (with -Force handled by <see cref="ConfirmationGate"/>); advice is worded as the
/// module's cmdlets (<see cref="CmdletAdvice"/>).
/// </summary>
internal sealed class PowerShellHost : IOperationHost
{
    private readonly PSCmdlet _cmdlet;
    private readonly bool _force;
    private readonly bool _whatIf;
    private readonly bool _detailWithoutVerbose;
    private readonly bool _hideWarnings;

    public PowerShellHost(PSCmdlet cmdlet, bool force, LogLevel level, CancellationToken cancellation)
    {
        _cmdlet = cmdlet;
        _force = force;
        _whatIf = IsWhatIf(cmdlet);
        // EEMT_CLEANUP_LOG_LEVEL: the common parameters win over it (-Verbose or -Verbose:$false, -WarningAction).
        var bound = cmdlet.MyInvocation.BoundParameters;
        _detailWithoutVerbose = level.ShowsDetail() && !bound.ContainsKey("Verbose") && !CallerShowsVerbose(cmdlet);
        _hideWarnings = !level.ShowsWarnings() && !bound.ContainsKey("WarningAction");
        StopsAtFirstError = StopsOnError(cmdlet);
        Cancellation = cancellation;
    }

    public bool StopsAtFirstError { get; }

    public CancellationToken Cancellation { get; }

    public bool WhatIf => _whatIf;

    public void WriteObject(object item) => _cmdlet.WriteObject(item);

    // Messages quote ids and paths from the store: escaped, so none can forge a line of a transcript or a log.
    public void WriteVerbose(string message)
    {
        var text = Reports.HumanText.Escape(message);
        // DEBUG shows the detail as -Verbose would. The verbose stream cannot be switched on from inside a cmdlet, so the
        // line goes to the host the way Write-Host's do (the information stream, tagged PSHOST): shown, and 6> captures it.
        if (_detailWithoutVerbose) _cmdlet.WriteInformation(new HostInformationMessage { Message = "VERBOSE: " + text }, new[] { "PSHOST", "CleanupTools.Verbose" });
        else _cmdlet.WriteVerbose(text);
    }

    public void WriteWarning(string message)
    {
        if (!_hideWarnings) _cmdlet.WriteWarning(Reports.HumanText.Escape(message));
    }

    public void WriteNotice(Notice notice)
    {
        if (notice.Warning) WriteWarning(CmdletAdvice.Text(notice));
        else WriteVerbose(CmdletAdvice.Text(notice));
    }

    public void WriteError(OperationError error) => _cmdlet.WriteError(ErrorRecords.From(error));

    public void WriteProgress(OperationProgress progress) => _cmdlet.WriteProgress(new ProgressRecord(1, progress.Activity, progress.Status)
    {
        PercentComplete = Math.Clamp(progress.PercentComplete, -1, 100),
        RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
    });

    public bool ShouldProcess(string target, string action) =>
        ConfirmationGate.ShouldProceed(_whatIf, _force, () => _cmdlet.ShouldProcess(target, action));

    /// <summary>-ErrorAction Stop or Inquire, given or inherited through $ErrorActionPreference.</summary>
    private static bool StopsOnError(PSCmdlet cmdlet)
    {
        var preference = cmdlet.MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound)
            ? bound
            : cmdlet.GetVariableValue("ErrorActionPreference");
        return LanguagePrimitives.TryConvertTo<ActionPreference>(preference, out var action)
            && action is ActionPreference.Stop or ActionPreference.Inquire;
    }

    /// <summary>The caller's $VerbosePreference already shows verbose lines: they go there, not twice.</summary>
    private static bool CallerShowsVerbose(PSCmdlet cmdlet) =>
        LanguagePrimitives.TryConvertTo<ActionPreference>(cmdlet.GetVariableValue("VerbosePreference"), out var preference)
        && preference is ActionPreference.Continue or ActionPreference.Inquire or ActionPreference.Stop;

    private static bool IsWhatIf(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
            return LanguagePrimitives.IsTrue(bound);
        return LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference", false));
    }
}
