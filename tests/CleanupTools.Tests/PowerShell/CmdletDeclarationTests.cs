namespace CleanupTools.Tests.PowerShell;

/// <summary>The [Cmdlet] and [OutputType] declarations PowerShell reads when it imports the module.</summary>
public sealed class CmdletDeclarationTests
{
    /// <summary>
    /// Get-Verb's list: the constants of VerbsCommon, VerbsData, VerbsLifecycle, VerbsDiagnostic,
    /// VerbsCommunications, VerbsSecurity and VerbsOther in PowerShell's src/System.Management.Automation/utils/Verbs.cs.
    /// Ping is left out: the "Approved Verbs for PowerShell Commands" page reserves it (with ForEach, Sort, Tee, Where).
    /// </summary>
    public static readonly IReadOnlySet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        // Common
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Push", "Pop", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split",
        "Step", "Switch", "Undo", "Unlock", "Watch",
        // Data
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export",
        "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
        // Lifecycle
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register",
        "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        // Diagnostic
        "Debug", "Measure", "Repair", "Resolve", "Test", "Trace",
        // Communications
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        // Security
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        // Other
        "Use",
    };

    /// <summary>Verbs whose cmdlets only read or display. Every other verb changes state and must support ShouldProcess.</summary>
    public static readonly IReadOnlySet<string> ReadOnlyVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "Get", "Find", "Search", "Select", "Show", "Format", "Test", "Measure", "Resolve", "Compare", "Read", "Watch", "Wait", "Trace", "Debug",
    };

    public static readonly string[] ExpectedCmdlets =
    {
        "Add-CleanupHold", "Export-RetentionPolicy", "Get-CleanupCandidate", "Get-CleanupHistory", "Get-CleanupHold", "Get-RetentionPolicy",
        "Get-StorageStat", "Import-RetentionPolicy", "Invoke-JobCleanup", "Remove-CleanupHold", "Reset-RetentionPolicy", "Restore-CleanupBackup", "Set-RetentionPolicy",
    };

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var cmdlet in CmdletMetadata.Instance.Cmdlets) data.Add(cmdlet.Name);
        return data;
    }

    private static CmdletMetadata Metadata => CmdletMetadata.Instance;

    [Fact]
    public void The_verb_list_is_the_complete_get_verb_list_less_reserved_verbs()
    {
        // 100 verbs in Verbs.cs (34 common, 24 data, 22 lifecycle, 7 diagnostic, 6 communications, 6 security, 1 other), less Ping.
        Assert.Equal(99, ApprovedVerbs.Count);
        Assert.DoesNotContain("Delete", ApprovedVerbs);
        Assert.Subset(new HashSet<string>(ApprovedVerbs, StringComparer.Ordinal), new HashSet<string>(ReadOnlyVerbs, StringComparer.Ordinal));
    }

    [Fact]
    public void The_assembly_declares_the_module_s_cmdlets()
    {
        Assert.Equal(ExpectedCmdlets, Metadata.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_public_cmdlet_class_carries_a_cmdlet_attribute()
    {
        var missing = Metadata.CmdletTypes.Where(t => CmdletMetadata.Attribute(t, "CmdletAttribute") is null).Select(t => t.FullName);
        Assert.Empty(missing);
        Assert.Equal(Metadata.CmdletTypes.Count, Metadata.Cmdlets.Count);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlet_uses_an_approved_verb_and_a_pascal_case_noun(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        Assert.Contains(cmdlet.Verb, ApprovedVerbs);
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", cmdlet.Noun);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlet_class_is_named_verb_noun_command(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        Assert.Equal($"{cmdlet.Verb}{cmdlet.Noun}Command", cmdlet.Type.Name);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void State_changing_cmdlet_supports_should_process_and_read_only_cmdlet_does_not(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        var changesState = !ReadOnlyVerbs.Contains(cmdlet.Verb);
        Assert.True(cmdlet.SupportsShouldProcess == changesState,
            $"{name}: SupportsShouldProcess is {cmdlet.SupportsShouldProcess}, but the verb {cmdlet.Verb} {(changesState ? "changes state" : "only reads")}.");
    }

    [Fact]
    public void Invoke_JobCleanup_deletes_data_so_it_has_high_impact_and_a_force_switch()
    {
        var cmdlet = Metadata.Cmdlet("Invoke-JobCleanup");
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal("High", cmdlet.ConfirmImpact);
        var force = cmdlet.Parameter("Force");
        Assert.True(force.IsSwitch);
        Assert.All(force.Sets, s => Assert.Equal(CmdletMetadata.AllParameterSets, s.SetName));
    }

    [Fact]
    public void Set_RetentionPolicy_does_not_prompt_by_default()
    {
        // ConfirmImpact below $ConfirmPreference's default (High): a policy change is confirmable, not prompted.
        var cmdlet = Metadata.Cmdlet("Set-RetentionPolicy");
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal("Medium", cmdlet.ConfirmImpact);
        Assert.True(cmdlet.Parameter("PassThru").IsSwitch);
    }

    [Theory]
    [InlineData("Remove-CleanupHold")]
    [InlineData("Reset-RetentionPolicy")]
    public void Cmdlet_that_gives_up_protection_or_stored_policies_has_high_impact_and_a_force_switch(string name)
    {
        // Removing a hold exposes data to deletion; a reset drops every stored policy (and an admin's own ones for good).
        var cmdlet = Metadata.Cmdlet(name);
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal("High", cmdlet.ConfirmImpact);
        var force = cmdlet.Parameter("Force");
        Assert.True(force.IsSwitch);
        Assert.All(force.Sets, s => Assert.Equal(CmdletMetadata.AllParameterSets, s.SetName));
        Assert.True(cmdlet.Parameter("PassThru").IsSwitch);
    }

    [Fact]
    public void Add_CleanupHold_is_confirmable_but_does_not_prompt_by_default()
    {
        // A hold only protects data: it supports -WhatIf and -Confirm, and needs no -Force in a script.
        var cmdlet = Metadata.Cmdlet("Add-CleanupHold");
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.NotEqual("High", cmdlet.ConfirmImpact);
        Assert.DoesNotContain(cmdlet.Parameters, p => p.Name == "Force");
    }

    [Theory]
    [InlineData("Get-CleanupHold")]
    [InlineData("Get-CleanupHistory")]
    [InlineData("Get-RetentionPolicy")]
    [InlineData("Get-CleanupCandidate")]
    [InlineData("Get-StorageStat")]
    public void Get_cmdlets_only_read(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        Assert.False(cmdlet.SupportsShouldProcess, $"{name} only reads, so it offers no -WhatIf or -Confirm.");
        Assert.DoesNotContain(cmdlet.Parameters, p => p.Name is "Force" or "PassThru");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlet_declares_its_output_types_as_types_of_the_module(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        Assert.NotEmpty(cmdlet.OutputTypes);
        Assert.Empty(cmdlet.OutputTypeNames); // [OutputType("name")] strings cannot be checked against a format view
        // System.String (Export-RetentionPolicy's YAML text) is PowerShell's own and needs no view of the module.
        Assert.All(cmdlet.OutputTypes.Where(t => t.FullName != "System.String"), t => Assert.StartsWith("CleanupTools.", t.FullName));
    }

    [Fact]
    public void Import_and_Export_RetentionPolicy_are_confirmable_without_prompting()
    {
        var import = Metadata.Cmdlet("Import-RetentionPolicy");
        Assert.True(import.SupportsShouldProcess);
        Assert.Equal("Medium", import.ConfirmImpact);
        Assert.True(import.Parameter("PassThru").IsSwitch);
        var export = Metadata.Cmdlet("Export-RetentionPolicy");
        Assert.True(export.SupportsShouldProcess);
        Assert.Equal("Medium", export.ConfirmImpact);
        Assert.True(export.Parameter("Force").IsSwitch);
    }

    [Fact]
    public void Restore_CleanupBackup_is_confirmable_without_prompting()
    {
        // A restore writes data back and clears cleaned marks: confirmable with -WhatIf and -Confirm, but below
        // $ConfirmPreference's default (High), so it does not prompt. Its -Force is about older data at the
        // original path, not about the prompt; it applies in every parameter set.
        var cmdlet = Metadata.Cmdlet("Restore-CleanupBackup");
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal("Medium", cmdlet.ConfirmImpact);
        var force = cmdlet.Parameter("Force");
        Assert.True(force.IsSwitch);
        Assert.All(force.Sets, s => Assert.Equal(CmdletMetadata.AllParameterSets, s.SetName));
        Assert.DoesNotContain(cmdlet.Parameters, p => p.Name == "PassThru"); // every restored entry is emitted anyway
    }

    [Theory]
    [InlineData("Get-CleanupCandidate", "CleanupTools.CleanupCandidate")]
    [InlineData("Invoke-JobCleanup", "CleanupTools.CleanupResult", "CleanupTools.CleanupRunSummary")]
    [InlineData("Get-StorageStat", "CleanupTools.StorageStat")]
    [InlineData("Get-RetentionPolicy", "CleanupTools.RetentionPolicy")]
    [InlineData("Set-RetentionPolicy", "CleanupTools.RetentionPolicy")]
    [InlineData("Reset-RetentionPolicy", "CleanupTools.RetentionPolicy")]
    [InlineData("Import-RetentionPolicy", "CleanupTools.RetentionPolicy")]
    [InlineData("Export-RetentionPolicy", "System.String")]
    [InlineData("Add-CleanupHold", "CleanupTools.CleanupHold")]
    [InlineData("Get-CleanupHold", "CleanupTools.CleanupHold")]
    [InlineData("Remove-CleanupHold", "CleanupTools.CleanupHold")]
    [InlineData("Get-CleanupHistory", "CleanupTools.CleanupAuditEntry")]
    [InlineData("Restore-CleanupBackup", "CleanupTools.CleanupAuditEntry")]
    public void Cmdlet_declares_exactly_what_it_emits(string name, params string[] expected)
    {
        Assert.Equal(expected.OrderBy(t => t, StringComparer.Ordinal),
            Metadata.Cmdlet(name).OutputTypes.Select(t => t.FullName!).OrderBy(t => t, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Default_parameter_set_is_one_the_cmdlet_declares(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        var declared = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != CmdletMetadata.AllParameterSets).Distinct().ToArray();
        // With several sets and no (or an unknown) default, a call naming no set-specific parameter is ambiguous.
        if (declared.Length > 1) Assert.NotNull(cmdlet.DefaultParameterSetName);
        if (cmdlet.DefaultParameterSetName is { } defaultSet) Assert.Contains(defaultSet, declared);
    }
}
