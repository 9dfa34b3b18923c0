using System.Reflection;

namespace CleanupTools.Tests.Support;

/// <summary>Locations baked in at build time: the repository root, the build configuration, the SMA stub.</summary>
public static class TestPaths
{
    public static string RepoRoot => Metadata("RepoRoot");
    public static string Configuration => Metadata("Configuration");
    public static string SystemManagementAutomation => Metadata("SmaPath");

    /// <summary>The built CLI (cleanuptools.dll), run with 'dotnet' by the process-level tests.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "cleanuptools.dll");

    /// <summary>The built cmdlet assembly, read (never executed) by the metadata tests.</summary>
    public static string CmdletAssembly => Path.Combine(RepoRoot, "src", "CleanupTools.PowerShell", "bin", Configuration, "net8.0", "CleanupTools.PowerShell.dll");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
