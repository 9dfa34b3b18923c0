using CleanupTools.Operations;

namespace CleanupTools.Tests.Operations;

/// <summary>The removal-cmdlet rule: -WhatIf beats -Force beats -Confirm.</summary>
public sealed class ConfirmationGateTests
{
    [Theory]
    // whatIf, force, host answer -> proceeds, host asked
    [InlineData(true, true, false, false, true)]   // -WhatIf -Force: still only a preview
    [InlineData(true, true, true, true, true)]     // (the host's answer decides under -WhatIf; PowerShell answers false)
    [InlineData(true, false, false, false, true)]  // -WhatIf
    [InlineData(false, true, false, true, false)]  // -Force: no prompt, proceeds even though a prompt would have said No
    [InlineData(false, true, true, true, false)]
    [InlineData(false, false, true, true, true)]   // -Confirm, "Yes"
    [InlineData(false, false, false, false, true)] // -Confirm, "No"
    public void WhatIf_beats_Force_beats_Confirm(bool whatIf, bool force, bool answer, bool proceeds, bool asked)
    {
        var calls = 0;

        var result = ConfirmationGate.ShouldProceed(whatIf, force, () =>
        {
            calls++;
            return answer;
        });

        Assert.Equal(proceeds, result);
        Assert.Equal(asked ? 1 : 0, calls);
    }
}
