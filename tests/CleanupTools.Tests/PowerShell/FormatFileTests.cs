using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CleanupTools.Tests.PowerShell;

/// <summary>
/// module/CleanupTools.format.ps1xml against the built types: a default view for every declared output type, and
/// only columns PowerShell can fill (a misspelt PropertyName shows as an empty column, never as an error).
/// </summary>
public sealed class FormatFileTests
{
    /// <summary>Output types whose default view may be a list (a single record of totals reads better as a list).</summary>
    private static readonly IReadOnlySet<string> ListViewTypes = new HashSet<string> { "CleanupTools.CleanupRunSummary" };

    private static readonly Lazy<XDocument> Document = new(() => XDocument.Load(ModuleFiles.FormatFile));

    private static CmdletMetadata Metadata => CmdletMetadata.Instance;

    private static IEnumerable<XElement> Views => Document.Value.Root!.Element("ViewDefinitions")!.Elements("View");

    private static string TypeNameOf(XElement view) => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();

    /// <summary>The module's own output types; System.String (Export-RetentionPolicy's YAML) is PowerShell's and has no view here.</summary>
    private static IEnumerable<string> ModuleTypeNames =>
        CmdletMetadata.Instance.OutputTypes.Keys.Where(n => n.StartsWith("CleanupTools.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal);

    public static TheoryData<string> OutputTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in ModuleTypeNames) data.Add(name);
        return data;
    }

    [Fact]
    public void Format_file_is_a_configuration_of_named_views()
    {
        var root = Document.Value.Root!;
        Assert.Equal("Configuration", root.Name.LocalName);
        Assert.NotEmpty(Views);
        Assert.All(Views, v => Assert.False(string.IsNullOrWhiteSpace(v.Element("Name")?.Value)));
        var names = Views.Select(v => v.Element("Name")!.Value).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_module_declares_the_seven_output_types()
    {
        // CleanupTools.CleanupStatistics is engine-only (the CLI's run --stats): no cmdlet emits it, so it has no view.
        Assert.Equal(
            new[]
            {
                "CleanupTools.CleanupAuditEntry", "CleanupTools.CleanupCandidate", "CleanupTools.CleanupHold", "CleanupTools.CleanupResult",
                "CleanupTools.CleanupRunSummary", "CleanupTools.RetentionPolicy", "CleanupTools.StorageStat",
            },
            ModuleTypeNames);
    }

    [Theory]
    [MemberData(nameof(OutputTypeNames))]
    public void Output_type_has_a_default_view(string typeName)
    {
        var view = Views.FirstOrDefault(v => TypeNameOf(v) == typeName);
        Assert.True(view is not null, $"No view selects {typeName}.");
        var control = view!.Elements().Single(e => e.Name.LocalName.EndsWith("Control", StringComparison.Ordinal)).Name.LocalName;
        if (ListViewTypes.Contains(typeName))
            Assert.Contains(control, new[] { "TableControl", "ListControl" });
        else
            Assert.Equal("TableControl", control);
    }

    [Fact]
    public void Every_view_selects_a_type_the_module_emits()
    {
        var stale = Views.Select(TypeNameOf).Where(t => !Metadata.OutputTypes.ContainsKey(t));
        Assert.Empty(stale);
    }

    [Theory]
    [MemberData(nameof(OutputTypeNames))]
    public void View_columns_name_real_properties_of_the_type(string typeName)
    {
        var type = Metadata.OutputTypes[typeName];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var view in Views.Where(v => TypeNameOf(v) == typeName))
        {
            var items = view.Descendants().Where(e => e.Name.LocalName is "TableColumnItem" or "ListItem").ToArray();
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                var property = item.Element("PropertyName")?.Value.Trim();
                var script = item.Element("ScriptBlock")?.Value;
                Assert.True(property is not null ^ script is not null, $"{typeName}: a column must have exactly one PropertyName or ScriptBlock.");
                var referenced = property is not null
                    ? new[] { property }
                    : Regex.Matches(script!, @"\$_\.(\w+)").Select(m => m.Groups[1].Value).ToArray();
                Assert.True(referenced.Length > 0, $"{typeName}: the script column '{script}' reads no property of $_.");
                Assert.All(referenced, name => Assert.True(properties.Contains(name), $"{typeName} has no property '{name}' (view {view.Element("Name")!.Value})."));
            }
        }
    }

    [Fact]
    public void Table_headers_match_the_columns_of_every_row()
    {
        foreach (var table in Views.Select(v => v.Element("TableControl")).OfType<XElement>())
        {
            var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").ToArray();
            foreach (var row in table.Element("TableRowEntries")!.Elements("TableRowEntry"))
                Assert.Equal(headers.Length, row.Element("TableColumnItems")!.Elements("TableColumnItem").Count());
            foreach (var header in headers)
            {
                if (header.Element("Width") is { } width)
                    Assert.True(int.TryParse(width.Value, out var w) && w > 0, $"Width '{width.Value}' is not a positive number.");
                if (header.Element("Alignment") is { } alignment)
                    Assert.Contains(alignment.Value, new[] { "Left", "Right", "Center" });
            }
        }
    }

    [Fact]
    public void Script_columns_have_a_label()
    {
        // Without a Label, PowerShell shows the script text itself as the column header.
        foreach (var table in Views.Select(v => v.Element("TableControl")).OfType<XElement>())
        {
            var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").ToArray();
            var columns = table.Element("TableRowEntries")!.Elements("TableRowEntry").First().Element("TableColumnItems")!.Elements("TableColumnItem").ToArray();
            for (var i = 0; i < columns.Length; i++)
                if (columns[i].Element("ScriptBlock") is not null)
                    Assert.False(string.IsNullOrWhiteSpace(headers[i].Element("Label")?.Value), $"Column {i + 1} of a table is a script without a label.");
        }
        foreach (var item in Views.Descendants("ListItem").Where(i => i.Element("ScriptBlock") is not null))
            Assert.False(string.IsNullOrWhiteSpace(item.Element("Label")?.Value), "A list item is a script without a label.");
    }

    [Fact]
    public void Candidate_view_shows_what_an_administrator_decides_on()
    {
        var view = Views.Single(v => TypeNameOf(v) == "CleanupTools.CleanupCandidate");
        var columns = view.Descendants("PropertyName").Select(p => p.Value).ToArray();
        // Target is the job id, or the full path of a file a path class matched (whose JobId is null).
        Assert.Equal(new[] { "Target", "Status", "Action", "SizeBytes", "Reason" }, columns);
        Assert.Contains(view.Descendants("ScriptBlock"), s => s.Value.Contains("$_.Age", StringComparison.Ordinal));
    }

    [Fact]
    public void Result_view_shows_the_item_rather_than_the_job_id()
    {
        var view = Views.Single(v => TypeNameOf(v) == "CleanupTools.CleanupResult");
        var columns = view.Descendants("PropertyName").Select(p => p.Value).ToArray();
        Assert.Equal(new[] { "Target", "Status", "Action", "Outcome", "SizeFreedMB", "Reason" }, columns);
        Assert.DoesNotContain("JobId", Headers("CleanupTools.CleanupResult"));
        Assert.DoesNotContain("JobId", Headers("CleanupTools.CleanupCandidate"));
    }

    [Fact]
    public void Result_outcome_column_fits_every_outcome()
    {
        // Quarantined and WouldDelete are the longest CleanupOutcome names; a narrower column would cut them.
        var outcomes = Enum.GetNames<global::CleanupTools.CleanupOutcome>();
        Assert.Contains("Quarantined", outcomes);
        var header = Views.Single(v => TypeNameOf(v) == "CleanupTools.CleanupResult").Descendants("TableColumnHeader").Single(h => h.Element("Label")?.Value == "Outcome");
        Assert.True(int.Parse(header.Element("Width")!.Value) >= outcomes.Max(o => o.Length), $"The Outcome column is narrower than {string.Join(", ", outcomes)}.");
    }

    /// <summary>The column headers of a type's default table view, in order.</summary>
    private static string[] Headers(string typeName) => Views.Single(v => TypeNameOf(v) == typeName)
        .Element("TableControl")!.Element("TableHeaders")!.Elements("TableColumnHeader").Select(h => h.Element("Label")!.Value.Trim()).ToArray();

    [Fact]
    public void Hold_view_shows_what_is_held_why_and_until_when()
    {
        Assert.Equal(new[] { "Id", "Kind", "Target", "ExpiresAt", "Reason" }, Headers("CleanupTools.CleanupHold"));
    }

    [Fact]
    public void Audit_view_shows_when_which_run_did_what_to_which_item()
    {
        Assert.Equal(new[] { "Timestamp", "RunId", "Trigger", "TargetKind", "Target", "Action", "Outcome", "SizeMB", "Error" },
            Headers("CleanupTools.CleanupAuditEntry"));
    }

    [Fact]
    public void Policy_view_shows_target_retention_action_and_the_newest_kept()
    {
        Assert.Equal(new[] { "Name", "Target", "RetentionHours", "Action", "Enabled", "KeepNewest", "Source" }, Headers("CleanupTools.RetentionPolicy"));
    }

    [Theory]
    [InlineData("CleanupTools.CleanupCandidate")]
    [InlineData("CleanupTools.CleanupResult")]
    [InlineData("CleanupTools.RetentionPolicy")]
    public void Action_columns_fit_every_action(string typeName)
    {
        // Quarantine is the longest CleanupAction name; a narrower column would cut it (and Held) to an ellipsis.
        var actions = Enum.GetNames<global::CleanupTools.CleanupAction>();
        var header = Views.Single(v => TypeNameOf(v) == typeName).Descendants("TableColumnHeader").Single(h => h.Element("Label")?.Value == "Action");
        Assert.True(int.Parse(header.Element("Width")!.Value) >= actions.Max(a => a.Length), $"{typeName}: the Action column is narrower than {string.Join(", ", actions)}.");
    }

    [Fact]
    public void Run_summary_view_shows_the_run_id_trigger_and_held_jobs()
    {
        var view = Views.Single(v => TypeNameOf(v) == "CleanupTools.CleanupRunSummary");
        var items = view.Descendants("PropertyName").Select(p => p.Value).ToArray();
        Assert.Contains("RunId", items);
        Assert.Contains("Trigger", items);
        Assert.Contains("JobsHeld", items);
    }
}
