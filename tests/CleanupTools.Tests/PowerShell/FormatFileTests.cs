using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Tests.PowerShell;

/// <summary>
/// module/CleanupTools.format.ps1xml against the built types: only columns PowerShell can fill (a misspelt
/// PropertyName shows as an empty column, never as an error), and tables that fit 80 columns for any value.
/// How the views render in a real PowerShell (headers, values, Format-List) is tests/Pester/CleanupTools.Views.Tests.ps1.
/// </summary>
public sealed class FormatFileTests
{
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

    // ---------------------------------------------------------------- 80 columns, whatever the data
    // tests/Pester/CleanupTools.Views.Tests.ps1 renders every view in a real PowerShell with demo data; these checks
    // cover what demo data may not show: every value an enum or a validated string can take, and any length of text.

    /// <summary>PowerShell tables use every column of the console: at width 80 a row is at most 80 characters.</summary>
    private const int ConsoleWidth = 80;

    /// <summary>What the last column keeps at least: the policy's Source needs 11 (Environment).</summary>
    private const int LastColumnMinimum = 12;

    private static IEnumerable<XElement> Tables => Views.Select(v => v.Element("TableControl")).OfType<XElement>();

    private static XElement[] HeadersOf(XElement table) => table.Element("TableHeaders")!.Elements("TableColumnHeader").ToArray();

    private static XElement[] ColumnsOf(XElement table) =>
        table.Element("TableRowEntries")!.Elements("TableRowEntry").First().Element("TableColumnItems")!.Elements("TableColumnItem").ToArray();

    private static string TypeNameOfTable(XElement table) => TypeNameOf(table.Parent!);

    private static int? WidthOf(XElement header) => header.Element("Width") is { } width ? int.Parse(width.Value) : null;

    /// <summary>The fixed width of the column showing <paramref name="property"/> directly, in a type's default table.</summary>
    private static int WidthOfColumn(string typeName, string property)
    {
        var table = Tables.First(t => TypeNameOfTable(t) == typeName);
        var index = Array.FindIndex(ColumnsOf(table), c => c.Element("PropertyName")?.Value.Trim() == property);
        Assert.True(index >= 0, $"The {typeName} table has no {property} column.");
        return WidthOf(HeadersOf(table)[index]) ?? throw new Xunit.Sdk.XunitException($"The {typeName} column {property} has no width.");
    }

    [Fact]
    public void Every_table_has_fixed_widths_and_leaves_its_last_column_the_rest_of_80()
    {
        foreach (var table in Tables)
        {
            var widths = HeadersOf(table).Select(WidthOf).ToArray();
            var type = TypeNameOfTable(table);
            Assert.True(widths[^1] is null, $"{type}: the last column (the long text) should take the rest of the line, not a width.");
            Assert.All(widths[..^1], w => Assert.True(w is not null, $"{type}: every column but the last needs a width, or PowerShell sizes it from the first rows."));
            // One space follows every fixed column.
            var fixedPart = widths[..^1].Sum(w => w!.Value + 1);
            Assert.True(fixedPart + LastColumnMinimum <= ConsoleWidth,
                $"{type}: the fixed columns take {fixedPart} characters, leaving {ConsoleWidth - fixedPart} of {ConsoleWidth} for the last one.");
        }
    }

    [Fact]
    public void Every_fixed_column_is_as_wide_as_its_label()
    {
        foreach (var header in Tables.SelectMany(HeadersOf).Where(h => WidthOf(h) is not null))
        {
            var label = header.Element("Label")!.Value.Trim();
            Assert.True(WidthOf(header) >= label.Length, $"The column '{label}' is narrower than its label, which PowerShell would cut.");
        }
    }

    [Theory]
    [MemberData(nameof(OutputTypeNames))]
    public void Enum_columns_fit_every_name_of_their_enum(string typeName)
    {
        // Quarantine, Quarantined, CompletedWithErrors...: a narrower column cuts a value the demo data may never show.
        var type = Metadata.OutputTypes[typeName];
        foreach (var table in Tables.Where(t => TypeNameOfTable(t) == typeName))
        {
            var headers = HeadersOf(table);
            var columns = ColumnsOf(table);
            for (var i = 0; i < columns.Length; i++)
            {
                var property = columns[i].Element("PropertyName")?.Value.Trim();
                if (property is null || WidthOf(headers[i]) is not { } width) continue;
                var propertyType = CmdletMetadata.Underlying(type.GetProperty(property)!.PropertyType);
                if (!propertyType.IsEnum) continue;
                var names = propertyType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToArray();
                Assert.True(width >= names.Max(n => n.Length), $"{typeName}: the {property} column ({width}) is narrower than one of {string.Join(", ", names)}.");
            }
        }
    }

    [Fact]
    public void Audit_outcome_column_fits_every_outcome_history_can_filter_on()
    {
        // CleanupAuditEntry.Outcome is a string: the values are those Get-CleanupHistory -Outcome accepts.
        var outcomes = Metadata.Cmdlet("Get-CleanupHistory").Parameters.Single(p => p.Name == "Outcome").ValidateSetValues;
        Assert.Contains("CompletedWithErrors", outcomes);
        Assert.True(WidthOfColumn("CleanupTools.CleanupAuditEntry", "Outcome") >= outcomes.Max(o => o.Length));
    }

    [Fact]
    public void Policy_target_column_fits_every_target_a_valid_policy_can_have()
    {
        var targets = new List<string>();
        foreach (var status in new JobStatus?[] { null }.Concat(Enum.GetValues<JobStatus>().Select(s => (JobStatus?)s)))
        foreach (var component in new DataComponent?[] { null }.Concat(Enum.GetValues<DataComponent>().Select(c => (DataComponent?)c)))
        {
            var policy = new RetentionPolicy
            {
                Name = "p",
                TargetKind = component is null ? PolicyTargetKind.JobStatus : PolicyTargetKind.Component,
                Status = status,
                Component = component,
                Retention = TimeSpan.FromDays(1),
                // A component policy's action is always DeleteData (the job's own policy decides how).
                Action = component is null ? CleanupAction.DeleteAll : CleanupAction.DeleteData,
            };
            try { PolicyValidator.Validate(policy); }
            catch (ConfigurationException) { continue; }
            targets.Add(policy.Target);
        }
        targets.Add(new RetentionPolicy { Name = "p", TargetKind = PolicyTargetKind.PathClass, Retention = TimeSpan.FromDays(1), Action = CleanupAction.DeleteAll }.Target);
        Assert.Contains("completed/uploads", targets);
        var width = WidthOfColumn("CleanupTools.RetentionPolicy", "Target");
        Assert.True(width >= targets.Max(t => t.Length), $"The policy Target column ({width}) cuts one of {string.Join(", ", targets)}.");
    }

    [Fact]
    public void Target_columns_keep_the_end_of_exactly_their_width()
    {
        // A Target too long for its column shows its end (the file name, the unique part of a job id) after an
        // ellipsis; the script's $w must be the column's width, or PowerShell cuts the start off again.
        var found = 0;
        foreach (var table in Tables)
        {
            var headers = HeadersOf(table);
            var columns = ColumnsOf(table);
            for (var i = 0; i < columns.Length; i++)
            {
                if (columns[i].Element("ScriptBlock")?.Value is not { } script || !script.Contains("$_.Target", StringComparison.Ordinal)) continue;
                var w = Regex.Match(script, @"\$w = (\d+);");
                Assert.True(w.Success, $"{TypeNameOfTable(table)}: the Target script sets no $w.");
                Assert.Equal(WidthOf(headers[i]), int.Parse(w.Groups[1].Value));
                found++;
            }
        }
        Assert.Equal(4, found); // candidates, results, holds, audit entries
    }
}
