namespace CleanupTools.Operations;

/// <summary>
/// The removal-cmdlet rule of AWS Tools and dbatools: -WhatIf beats -Force beats -Confirm. With -Force and no
/// -WhatIf the prompt is skipped (scheduled runs); otherwise the host's ShouldProcess decides.
/// </summary>
public static class ConfirmationGate
{
    public static bool ShouldProceed(bool whatIf, bool force, Func<bool> shouldProcess) =>
        force && !whatIf ? true : shouldProcess();
}
