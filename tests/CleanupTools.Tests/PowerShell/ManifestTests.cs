using System.Runtime.Versioning;
using System.Xml.Linq;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PowerShell;

/// <summary>CleanupTools.psd1 at the repository root, read as text and checked against the built cmdlet assembly.</summary>
public sealed class ManifestTests
{
    private static readonly Lazy<ManifestText> Manifest = new(() => new ManifestText(ModuleFiles.Manifest));

    private static CmdletMetadata Metadata => CmdletMetadata.Instance;

    [Fact]
    public void Cmdlets_to_export_are_exactly_the_cmdlet_classes()
    {
        var exported = Manifest.Value.Array("CmdletsToExport");
        Assert.NotNull(exported);
        Assert.DoesNotContain(exported!, e => e.IndexOfAny(new[] { '*', '?', '[' }) >= 0);
        Assert.Equal(exported!.Count, exported.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Metadata.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), exported.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("AliasesToExport")]
    [InlineData("VariablesToExport")]
    public void Nothing_but_cmdlets_is_exported(string key)
    {
        // An absent key means "export everything" ('*'); an explicit empty list keeps command discovery exact.
        Assert.True(Manifest.Value.Has(key), $"{key} is missing.");
        Assert.Equal(Array.Empty<string>(), Manifest.Value.Array(key));
    }

    [Fact]
    public void Root_module_is_the_built_cmdlet_assembly()
    {
        var root = Manifest.Value.String("RootModule");
        Assert.Equal("out/bin/CleanupTools.PowerShell.dll", root);
        Assert.Equal(Metadata.AssemblyFileName, Path.GetFileName(root));
        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, root!)), $"{root} does not exist after the build.");
    }

    [Fact]
    public void Formats_to_process_point_at_the_format_file()
    {
        var formats = Manifest.Value.Array("FormatsToProcess");
        Assert.Equal(new[] { "module/CleanupTools.format.ps1xml" }, formats);
        Assert.All(formats!, f => Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, f)), $"{f} does not exist."));
        Assert.Equal(Path.GetFullPath(ModuleFiles.FormatFile), Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, formats![0])));
    }

    [Fact]
    public void Module_version_is_the_build_version()
    {
        var props = XDocument.Load(ModuleFiles.DirectoryBuildProps);
        var version = props.Descendants("Version").Single().Value.Trim();
        Assert.Equal(version, Manifest.Value.String("ModuleVersion"));
        Assert.True(Version.TryParse(version, out _), $"'{version}' is not a module version PowerShell accepts.");
    }

    [Fact]
    public void Manifest_identifies_the_module()
    {
        Assert.True(Guid.TryParse(Manifest.Value.String("GUID"), out var guid));
        Assert.NotEqual(Guid.Empty, guid);
        foreach (var key in new[] { "Author", "CompanyName", "Copyright", "Description" })
            Assert.False(string.IsNullOrWhiteSpace(Manifest.Value.String(key)), $"{key} is empty.");
        var text = File.ReadAllText(ModuleFiles.Manifest);
        Assert.Contains("PSData", text);
        Assert.Contains("Tags", text);
        Assert.Contains("ReleaseNotes", text);
    }

    [Fact]
    public void Manifest_requires_the_powershell_that_runs_the_assembly_s_framework()
    {
        // PowerShell 7.4 runs on .NET 8: the cmdlet assembly must not target a newer runtime than the minimum host has.
        Assert.Equal("7.4", Manifest.Value.String("PowerShellVersion"));
        Assert.Equal(new[] { "Core" }, Manifest.Value.Array("CompatiblePSEditions"));
        var framework = Metadata.Assembly.GetCustomAttributesData()
            .Single(a => a.AttributeType.FullName == typeof(TargetFrameworkAttribute).FullName)
            .ConstructorArguments[0].Value as string;
        Assert.Equal(".NETCoreApp,Version=v8.0", framework);
    }
}
