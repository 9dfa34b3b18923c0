using System.Reflection;
using System.Xml.Linq;
using CleanupTools.Configuration;

namespace CleanupTools.Tests.PowerShell;

/// <summary>
/// The MAML help (module/en-US/CleanupTools.PowerShell.dll-Help.xml, platyPS layout) and the about_CleanupTools topic,
/// checked against the built cmdlets so that help cannot silently drift from the code.
/// </summary>
public sealed class HelpTests
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>platyPS lists the risk-mitigation parameters of a ShouldProcess cmdlet with the cmdlet's own.</summary>
    private static readonly string[] ShouldProcessParameters = { "WhatIf", "Confirm" };

    private static readonly Lazy<XDocument> MamlDocument = new(() => XDocument.Load(ModuleFiles.MamlFor(CmdletMetadata.Instance.AssemblyFileName)));

    private static CmdletMetadata Metadata => CmdletMetadata.Instance;

    public static TheoryData<string> CmdletNames() => CmdletDeclarationTests.CmdletNames();

    private static XElement HelpFor(string name) =>
        MamlDocument.Value.Root!.Elements(Command + "command").SingleOrDefault(c => c.Element(Command + "details")?.Element(Command + "name")?.Value.Trim() == name)
        ?? throw new Xunit.Sdk.XunitException($"{name} has no command in the MAML help file.");

    private static string Text(XElement? description) =>
        description is null ? "" : string.Join(" ", description.Elements(Maml + "para").Select(p => p.Value.Trim())).Trim();

    // What a real host proves is in tests/Pester/CleanupTools.Help.Tests.ps1: Get-Help finds this file for every cmdlet,
    // with a written synopsis and description, a description for every parameter and no other, switches rendered as
    // switches, and examples that run. What stays here is what Get-Help renders without complaint when it is wrong.

    [Fact]
    public void Help_describes_exactly_the_cmdlets_of_the_assembly()
    {
        var root = MamlDocument.Value.Root!;
        Assert.Equal(Msh + "helpItems", root.Name);
        Assert.Equal(Metadata.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal),
            root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value.Trim()).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Details_name_the_verb_and_noun_and_every_example_uses_its_cmdlet_and_says_what_it_does(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        var help = HelpFor(name);
        var details = help.Element(Command + "details")!;
        Assert.Equal(cmdlet.Verb, details.Element(Command + "verb")?.Value.Trim());
        Assert.Equal(cmdlet.Noun, details.Element(Command + "noun")?.Value.Trim());
        Assert.All(help.Element(Command + "examples")?.Elements(Command + "example") ?? Enumerable.Empty<XElement>(), e =>
        {
            Assert.Contains(name, e.Element(Dev + "code")?.Value ?? "");
            Assert.NotEmpty(Text(e.Element(Dev + "remarks")));
        });
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameter_help_agrees_with_the_parameter_attributes(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        foreach (var element in HelpFor(name).Element(Command + "parameters")!.Elements(Command + "parameter"))
        {
            var parameterName = element.Element(Maml + "name")!.Value.Trim();
            if (ShouldProcessParameters.Contains(parameterName)) continue;
            var parameter = cmdlet.Parameter(parameterName);
            string Attr(string a) => element.Attribute(a)?.Value ?? $"<no {a}>";

            var pipeline = (parameter.ByPropertyName, parameter.ByValue) switch
            {
                (true, true) => "True (ByPropertyName, ByValue)",
                (true, false) => "True (ByPropertyName)",
                (false, true) => "True (ByValue)",
                _ => "False",
            };
            Assert.True(pipeline == Attr("pipelineInput"), $"{name} -{parameterName}: pipelineInput is '{Attr("pipelineInput")}', the attribute says '{pipeline}'.");

            var aliases = Attr("aliases") == "none" ? Array.Empty<string>() : Attr("aliases").Split(',', StringSplitOptions.TrimEntries);
            Assert.True(parameter.Aliases.OrderBy(a => a).SequenceEqual(aliases.OrderBy(a => a)), $"{name} -{parameterName}: aliases '{Attr("aliases")}' differ from [Alias].");

            Assert.True(parameter.SupportsWildcards.ToString().ToLowerInvariant() == Attr("globbing"), $"{name} -{parameterName}: globbing is '{Attr("globbing")}'.");

            var positions = parameter.Sets.Select(s => s.Position).Distinct().ToArray();
            if (positions.Length == 1)
            {
                var position = positions[0] == int.MinValue ? "named" : positions[0].ToString();
                Assert.True(position == Attr("position"), $"{name} -{parameterName}: position is '{Attr("position")}', the attribute says '{position}'.");
            }
            if (parameter.Sets.All(s => s.Mandatory) || parameter.Sets.All(s => !s.Mandatory))
            {
                var required = parameter.Sets[0].Mandatory ? "true" : "false";
                Assert.True(required == Attr("required"), $"{name} -{parameterName}: required is '{Attr("required")}', Mandatory says '{required}'.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Syntax_has_one_item_per_parameter_set_with_its_parameters(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        var items = HelpFor(name).Element(Command + "syntax")!.Elements(Command + "syntaxItem")
            .Select(i => i.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value.Trim()).OrderBy(n => n, StringComparer.Ordinal).ToArray())
            .ToList();
        Assert.Equal(cmdlet.ParameterSets.Count, items.Count);
        foreach (var set in cmdlet.ParameterSets)
        {
            var expected = cmdlet.InSet(set).Select(x => x.Parameter.Name);
            if (cmdlet.SupportsShouldProcess) expected = expected.Concat(ShouldProcessParameters);
            var sorted = expected.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.True(items.Any(i => i.SequenceEqual(sorted)), $"{name}: no syntax item lists exactly the '{set}' set: {string.Join(", ", sorted)}.");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Syntax_lists_the_accepted_values_of_enum_and_validate_set_parameters(string name)
    {
        var cmdlet = Metadata.Cmdlet(name);
        foreach (var item in HelpFor(name).Element(Command + "syntax")!.Elements(Command + "syntaxItem"))
        {
            foreach (var element in item.Elements(Command + "parameter"))
            {
                var parameterName = element.Element(Maml + "name")!.Value.Trim();
                if (ShouldProcessParameters.Contains(parameterName)) continue;
                var parameter = cmdlet.Parameter(parameterName);
                var underlying = CmdletMetadata.Underlying(parameter.Type);
                var accepted = parameter.ValidateSetValues.Count > 0 ? parameter.ValidateSetValues
                    : underlying.IsEnum ? underlying.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToArray()
                    : Array.Empty<string>();
                var listed = element.Element(Command + "parameterValueGroup")?.Elements(Command + "parameterValue").Select(v => v.Value.Trim()).ToArray() ?? Array.Empty<string>();
                Assert.True(accepted.OrderBy(v => v).SequenceEqual(listed.OrderBy(v => v)),
                    $"{name} -{parameterName}: help lists [{string.Join(", ", listed)}], the parameter accepts [{string.Join(", ", accepted)}].");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Outputs_name_every_declared_output_type(string name)
    {
        var returns = HelpFor(name).Element(Command + "returnValues")!.Elements(Command + "returnValue")
            .Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value.Trim()).ToArray();
        Assert.Superset(Metadata.Cmdlet(name).OutputTypes.Select(t => t.FullName!).ToHashSet(), returns.ToHashSet());
        Assert.All(HelpFor(name).Element(Command + "returnValues")!.Elements(Command + "returnValue"), r => Assert.NotEmpty(Text(r.Element(Maml + "description"))));
    }

    // ---------------------------------------------------------------- about_CleanupTools

    private static readonly Lazy<string[]> About = new(() => File.ReadAllLines(ModuleFiles.AboutTopic));

    [Fact]
    public void About_topic_has_the_standard_sections_in_order()
    {
        var lines = About.Value;
        Assert.Equal("TOPIC", lines[0]);
        Assert.Equal("about_CleanupTools", lines[1].Trim());
        var headings = lines.Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0])).ToList();
        var required = new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO" };
        var positions = required.Select(h => headings.IndexOf(h)).ToArray();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.OrderBy(p => p), positions);
    }

    [Fact]
    public void About_topic_fits_an_80_column_console()
    {
        var wide = About.Value.Select((l, i) => (Line: i + 1, l.Length)).Where(x => x.Length > 80).Select(x => $"line {x.Line}: {x.Length}");
        Assert.Empty(wide);
        Assert.DoesNotContain(About.Value, l => l.Contains('\t'));
    }

    [Fact]
    public void About_topic_refers_to_every_cmdlet_in_see_also()
    {
        var lines = About.Value;
        var seeAlso = lines.SkipWhile(l => l != "SEE ALSO").Skip(1).TakeWhile(l => l.Length == 0 || char.IsWhiteSpace(l[0])).Select(l => l.Trim()).ToHashSet();
        Assert.Superset(Metadata.Cmdlets.Select(c => c.Name).ToHashSet(), seeAlso);
    }

    [Fact]
    public void About_topic_names_every_environment_variable_the_engine_reads()
    {
        var text = string.Join('\n', About.Value);
        var variables = typeof(EnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .SelectMany(f => (string[])f.GetValue(null)!)
            .ToArray();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Contains(v, text));
    }

    [Fact]
    public void About_topic_documents_precedence_and_the_safe_ways_to_run()
    {
        var text = string.Join('\n', About.Value);
        var precedence = text[text.IndexOf("CONFIGURATION PRECEDENCE", StringComparison.Ordinal)..];
        var order = new[] { "1. Parameter", "2. Environment", "3. Stored policy", "4. Default" }.Select(s => precedence.IndexOf(s, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.OrderBy(o => o), order);

        Assert.Contains("Get-CleanupCandidate | Invoke-JobCleanup -Force", text);
        Assert.Contains("Invoke-JobCleanup -BasePath /srv/eemt -WhatIf", text);
        Assert.Contains("Register-ScheduledTask", text);
    }
}
