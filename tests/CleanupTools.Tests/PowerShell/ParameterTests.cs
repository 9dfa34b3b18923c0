using System.Reflection;

namespace CleanupTools.Tests.PowerShell;

/// <summary>
/// Parameter declarations: the rules PowerShell enforces when it builds a cmdlet's metadata (a violation is an
/// error on the first call), and the conventions that make the cmdlets compose in a pipeline.
/// </summary>
public sealed class ParameterTests
{
    /// <summary>about_CommonParameters (PowerShell 7.4) and the risk-mitigation parameters, with their aliases.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Debug", "db", "ErrorAction", "ea", "ErrorVariable", "ev", "InformationAction", "infa", "InformationVariable", "iv",
        "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv", "ProgressAction", "proga", "Verbose", "vb",
        "WarningAction", "wa", "WarningVariable", "wv", "WhatIf", "wi", "Confirm", "cf",
    };

    public static TheoryData<string> CmdletNames() => CmdletDeclarationTests.CmdletNames();

    private static CmdletMetadata Metadata => CmdletMetadata.Instance;

    [Fact]
    public void Inherited_parameters_are_part_of_every_cmdlet()
    {
        // The shared parameters live on the abstract CleanupCmdletBase; PowerShell binds them on every derived cmdlet.
        foreach (var cmdlet in Metadata.Cmdlets)
        {
            var inherited = cmdlet.Parameters.Where(p => p.DeclaringType != cmdlet.Type).Select(p => p.Name).ToArray();
            Assert.Superset(new HashSet<string> { "BasePath", "Store", "ResultsPath", "UploadsPath", "TempPath", "LogsPath", "BackupPath", "SuccessRetention", "FailedRetention", "Schema", "BatchSize" },
                new HashSet<string>(inherited));
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void String_and_array_parameters_carry_a_validation_attribute(string name)
    {
        var unvalidated = Metadata.Cmdlet(name).Parameters
            .Where(p => p.Type.FullName == "System.String" || p.Type.IsArray)
            .Where(p => p.ValidationAttributes.Count == 0)
            .Select(p => p.Name);
        Assert.Empty(unvalidated);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameter_names_and_aliases_are_unique_and_clear_of_common_parameters(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        var all = cmdlet.Parameters.SelectMany(p => p.Aliases.Prepend(p.Name)).ToArray();
        var duplicates = all.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
        Assert.DoesNotContain(all, ReservedNames.Contains);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void No_two_parameters_share_a_position_in_a_parameter_set(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        foreach (var set in cmdlet.ParameterSets)
        {
            var clashes = cmdlet.InSet(set)
                .Where(x => x.Entry.Position != int.MinValue)
                .GroupBy(x => x.Entry.Position)
                .Where(g => g.Count() > 1)
                .Select(g => $"{set}: position {g.Key} is {string.Join(" and ", g.Select(x => x.Parameter.Name))}");
            Assert.Empty(clashes);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Switch_parameters_are_neither_mandatory_nor_positional(string name)
    {
        var wrong = Metadata.Cmdlet(name).Parameters.Where(p => p.IsSwitch)
            .Where(p => p.Sets.Any(s => s.Mandatory || s.Position != int.MinValue))
            .Select(p => p.Name);
        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameter_properties_have_public_setters(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        var readOnly = cmdlet.Parameters
            .Select(p => cmdlet.Type.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p is not null && p.SetMethod is not { IsPublic: true })
            .Select(p => p!.Name);
        Assert.Empty(readOnly);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Pipeline_by_property_name_parameters_bind_from_a_module_output_type(string name)
    {
        // Each ByPropertyName parameter must be fed by a property (its name or an alias) of some object this module
        // emits, with a type PowerShell binds without guessing: T to T, T?, or T[].
        var outputs = Metadata.OutputTypes.Values.ToArray();
        foreach (var parameter in Metadata.Cmdlet(name).Parameters.Where(p => p.ByPropertyName))
        {
            var target = CmdletMetadata.Underlying(parameter.Type).FullName;
            var sources = outputs
                .SelectMany(t => parameter.Aliases.Prepend(parameter.Name).Select(n => (Type: t, Property: t.GetProperty(n, BindingFlags.Public | BindingFlags.Instance))))
                .Where(x => x.Property is not null)
                .ToArray();
            Assert.True(sources.Length > 0, $"{name} -{parameter.Name} binds by property name, but no output type has a property of that name or alias.");
            Assert.True(sources.Any(x => CmdletMetadata.Underlying(x.Property!.PropertyType).FullName == target),
                $"{name} -{parameter.Name} ({target}) has no type-compatible source among {string.Join(", ", sources.Select(x => $"{x.Type.Name}.{x.Property!.Name}"))}.");
        }
    }

    [Fact]
    public void Candidates_and_results_pipe_into_the_cleanup_by_their_job_id()
    {
        var invoke = Metadata.Cmdlet("Invoke-JobCleanup");
        var input = invoke.Parameter("InputObject");
        Assert.True(input.ByValue);
        Assert.Equal("CleanupTools.CleanupCandidate", CmdletMetadata.Underlying(input.Type).FullName);
        Assert.True(invoke.Parameter("JobId").ByPropertyName);
        Assert.True(Metadata.Cmdlet("Get-CleanupCandidate").Parameter("JobId").ByPropertyName);
        // Any object with a JobId (a CleanupResult, a CSV row) reaches -JobId; a candidate reaches -InputObject by value.
        Assert.NotEqual(input.Sets.Single().SetName, invoke.Parameter("JobId").Sets.Single().SetName);
    }

    /// <summary>The parameters of a cmdlet that bind by property name, sorted.</summary>
    private static string[] ByPropertyName(string cmdlet) =>
        Metadata.Cmdlet(cmdlet).Parameters.Where(p => p.ByPropertyName).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static void AssertSourceProperty(string outputType, string property, string parameterType)
    {
        var source = Metadata.OutputTypes[outputType].GetProperty(property, BindingFlags.Public | BindingFlags.Instance);
        Assert.True(source is not null, $"{outputType} has no {property} property to bind from.");
        Assert.Equal(parameterType, CmdletMetadata.Underlying(source!.PropertyType).FullName);
    }

    [Fact]
    public void Retention_policies_pipe_into_Set_RetentionPolicy()
    {
        // A piped policy names the policy to change and nothing else: its retention, state and action are what is in
        // force now (an environment override included), so binding them would store values nobody asked to change.
        var set = Metadata.Cmdlet("Set-RetentionPolicy");
        Assert.Equal(new[] { "Name" }, ByPropertyName("Set-RetentionPolicy"));
        AssertSourceProperty("CleanupTools.RetentionPolicy", "Name", CmdletMetadata.Underlying(set.Parameter("Name").Type).FullName!);
        // Retention binds only in its own set: RetentionHours and RetentionDays are set-defining and not piped.
        Assert.All(set.Parameter("Retention").Sets, s => Assert.Equal("Retention", s.SetName));
        Assert.Equal("Retention", set.DefaultParameterSetName);
    }

    [Theory]
    [InlineData("Get-RetentionPolicy")]
    [InlineData("Set-RetentionPolicy")]
    [InlineData("Reset-RetentionPolicy")]
    public void Policy_names_are_checked_by_pattern_and_accept_every_built_in_policy(string cmdlet)
    {
        // A ValidateSet would refuse an admin's own policies; the pattern mirrors the engine's PolicyNames.Normalize.
        var parameter = Metadata.Cmdlet(cmdlet).Parameter("Name");
        Assert.Empty(parameter.ValidateSetValues);
        var attribute = CmdletMetadata.Attribute(Metadata.Cmdlet(cmdlet).Type.GetProperty("Name")!, "ValidatePatternAttribute");
        Assert.NotNull(attribute);
        var pattern = new System.Text.RegularExpressions.Regex((string)attribute!.ConstructorArguments[0].Value!, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        Assert.All(global::CleanupTools.Policies.PolicyNames.BuiltIn, n => Assert.Matches(pattern, n));
        Assert.Matches(pattern, "Failed_Logs");
        Assert.DoesNotMatch(pattern, "1st_policy");
        Assert.DoesNotMatch(pattern, "dbt-logs");
        Assert.DoesNotMatch(pattern, "x" + new string('y', 63));
    }

    [Fact]
    public void Holds_pipe_into_Remove_CleanupHold_by_value()
    {
        // Get-CleanupHold | Remove-CleanupHold binds each CleanupHold to -InputObject by value. -Id never binds from
        // the pipeline: an audit entry (or any object) with an Id property is no hold, and must not remove one.
        var remove = Metadata.Cmdlet("Remove-CleanupHold");
        Assert.Empty(ByPropertyName("Remove-CleanupHold"));
        var input = remove.Parameter("InputObject");
        Assert.True(input.ByValue);
        Assert.False(input.ByPropertyName);
        Assert.Equal("CleanupTools.CleanupHold", CmdletMetadata.Underlying(input.Type).FullName);
        Assert.True(input.Type.IsArray);
        Assert.True(input.Sets.All(s => s.Mandatory));
        var id = remove.Parameter("Id");
        Assert.False(id.ByValue);
        Assert.False(id.ByPropertyName);
        Assert.Equal("System.Int64", CmdletMetadata.Underlying(id.Type).FullName);
        Assert.True(id.Sets.All(s => s.Mandatory));
        // Two sets, -Id the default, so Remove-CleanupHold 3 works and a piped hold selects InputObject.
        Assert.Equal("Id", id.Sets.Single().SetName);
        Assert.Equal("InputObject", input.Sets.Single().SetName);
        Assert.Equal("Id", remove.DefaultParameterSetName);
        Assert.Equal(0, id.Sets.Single().Position);
    }

    [Fact]
    public void Candidates_and_results_pipe_into_Add_CleanupHold_by_their_job_id()
    {
        var add = Metadata.Cmdlet("Add-CleanupHold");
        var jobId = add.Parameter("JobId");
        Assert.True(jobId.ByPropertyName);
        Assert.False(jobId.ByValue);
        foreach (var type in new[] { "CleanupTools.CleanupCandidate", "CleanupTools.CleanupResult" })
            AssertSourceProperty(type, "JobId", "System.String");
        // A job hold and a path hold are different sets, so an object with a JobId never becomes a path hold.
        Assert.NotEqual(jobId.Sets.Single().SetName, add.Parameter("Path").Sets.Single().SetName);
        Assert.Equal(jobId.Sets.Single().SetName, add.DefaultParameterSetName);
        Assert.True(add.Parameter("Reason").Sets.All(s => s.Mandatory), "Every hold needs a reason.");
        // -Path takes what is typed: a file object's FullName no longer binds, so piping files never creates path holds.
        var path = add.Parameter("Path");
        Assert.False(path.ByPropertyName);
        Assert.False(path.ByValue);
        Assert.DoesNotContain("FullName", path.Aliases);
    }

    [Fact]
    public void Run_summaries_and_audit_entries_pipe_into_Get_CleanupHistory()
    {
        Assert.Equal(new[] { "JobId", "RunId" }, ByPropertyName("Get-CleanupHistory"));
        AssertSourceProperty("CleanupTools.CleanupRunSummary", "RunId", "System.String");
        AssertSourceProperty("CleanupTools.CleanupAuditEntry", "RunId", "System.String");
        AssertSourceProperty("CleanupTools.CleanupAuditEntry", "JobId", "System.String");
        AssertSourceProperty("CleanupTools.CleanupResult", "JobId", "System.String");
    }

    [Fact]
    public void Range_bounds_are_compared_as_the_parameter_s_own_type()
    {
        // ValidateRangeAttribute(object, object) promotes the bounds to a common type and converts each argument to it.
        // With string bounds that type is String, and the comparison is textual (culture-sensitive), not by value.
        var wrong = new List<string>();
        foreach (var cmdlet in Metadata.Cmdlets)
        {
            foreach (var parameter in cmdlet.Parameters)
            {
                var member = (System.Reflection.MemberInfo?)cmdlet.Type.GetProperty(parameter.Name) ?? cmdlet.Type.GetField(parameter.Name);
                foreach (var range in CmdletMetadata.Attributes(member!, "ValidateRangeAttribute"))
                {
                    if (range.ConstructorArguments.Any(a => a.ArgumentType.FullName == "System.String"))
                        wrong.Add($"{cmdlet.Name} -{parameter.Name}");
                }
            }
        }
        Assert.Empty(wrong.Distinct());
    }

    [Fact]
    public void TimeSpan_parameters_are_range_checked_as_durations()
    {
        // [ValidateTimeSpanRange("min", "max")] compares durations; [ValidateRange] with TimeSpan (string) bounds would
        // compare text. Every TimeSpan parameter carries the former with bounds that parse and are in order.
        var wrong = new List<string>();
        foreach (var cmdlet in Metadata.Cmdlets)
        {
            foreach (var parameter in cmdlet.Parameters.Where(p => CmdletMetadata.Underlying(p.Type).FullName == "System.TimeSpan"))
            {
                var member = (System.Reflection.MemberInfo?)cmdlet.Type.GetProperty(parameter.Name) ?? cmdlet.Type.GetField(parameter.Name);
                if (CmdletMetadata.Attributes(member!, "ValidateRangeAttribute").Any()) wrong.Add($"{cmdlet.Name} -{parameter.Name}: [ValidateRange]");
                // The module's own attribute (CleanupTools.PowerShell.Cmdlets), not one of System.Management.Automation.
                var range = member!.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "ValidateTimeSpanRangeAttribute");
                if (range is null) { wrong.Add($"{cmdlet.Name} -{parameter.Name}: no [ValidateTimeSpanRange]"); continue; }
                var bounds = range.ConstructorArguments.Select(a => a.Value as string).ToArray();
                if (bounds.Length != 2
                    || !TimeSpan.TryParse(bounds[0], System.Globalization.CultureInfo.InvariantCulture, out var min)
                    || !TimeSpan.TryParse(bounds[1], System.Globalization.CultureInfo.InvariantCulture, out var max)
                    || min < TimeSpan.Zero || min > max)
                    wrong.Add($"{cmdlet.Name} -{parameter.Name}: bounds {string.Join(", ", bounds)}");
            }
        }
        Assert.Empty(wrong.Distinct());
    }
}
