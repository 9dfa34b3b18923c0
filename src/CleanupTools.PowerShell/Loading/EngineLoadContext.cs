using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CleanupTools.PowerShell.Loading;

/// <summary>
/// A private load context for the engine and its packages (Microsoft.Data.Sqlite, SQLitePCLRaw and the
/// native e_sqlite3), so another module that loaded other versions of them cannot break this one, nor this
/// one it. The pattern of the PowerShell docs' "Resolving PowerShell module assembly dependency conflicts":
/// only the thin cmdlet assembly lives in the default context.
/// </summary>
public sealed class EngineLoadContext : AssemblyLoadContext
{
    public const string DependencyFolder = "Dependencies";
    public const string EngineAssemblyName = "CleanupTools.Engine";

    private readonly string _directory;

    public EngineLoadContext(string dependencyDirectory) : base("CleanupTools.Engine", isCollectible: false)
    {
        _directory = dependencyDirectory;
    }

    public string Directory => _directory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Only what ships in the dependency folder is ours; everything else (the framework, SMA) comes
        // from the default context so types stay shared with PowerShell.
        var path = Path.Combine(_directory, $"{assemblyName.Name}.dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeCandidates(unmanagedDllName))
        {
            if (File.Exists(candidate)) return LoadUnmanagedDllFromPath(candidate);
        }
        return IntPtr.Zero;
    }

    /// <summary>Where NuGet's runtimes/&lt;rid&gt;/native layout puts a native library for this platform.</summary>
    private IEnumerable<string> NativeCandidates(string name)
    {
        var files = OperatingSystem.IsWindows() ? new[] { $"{name}.dll", name }
            : OperatingSystem.IsMacOS() ? new[] { $"lib{name}.dylib", $"{name}.dylib", name }
            : new[] { $"lib{name}.so", $"{name}.so", name };
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var rids = new List<string> { RuntimeInformation.RuntimeIdentifier, $"{os}-{arch}" };
        if (os == "linux") rids.Add($"linux-musl-{arch}");
        foreach (var rid in rids.Distinct())
            foreach (var file in files)
                yield return Path.Combine(_directory, "runtimes", rid, "native", file);
        foreach (var file in files) yield return Path.Combine(_directory, file);
    }
}
