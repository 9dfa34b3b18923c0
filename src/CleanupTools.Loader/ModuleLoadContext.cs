using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CleanupTools.Loader;

/// <summary>
/// The module's private load context: the cmdlet assembly, the engine and their packages (Microsoft.Data.Sqlite,
/// SQLitePCLRaw with the native e_sqlite3, Npgsql, YamlDotNet) all load here, never in PowerShell's default context.
/// </summary>
/// <remarks>
/// Why the whole cmdlet assembly and not only the engine: PowerShell enumerates a binary module's exported types
/// (and so lays out every cmdlet class, whose fields are engine types) before any IModuleAssemblyInitializer runs,
/// so a cmdlet assembly in the default context cannot reach an engine that only a resolve handler could find.
/// With both in one context every type resolves naturally, another module's versions of the same packages (loaded
/// in the default context) never meet ours, and no resolve handler is ever added to the default context, so a
/// second runspace or a re-import adds nothing. The cost, that PowerShell does not resolve type names from other
/// contexts, is paid back by the cmdlet assembly registering type accelerators for the types it shows.
/// </remarks>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    /// <summary>The cmdlet assembly's simple name.</summary>
    public const string CmdletAssemblyName = "CleanupTools.PowerShell";

    /// <summary>The private folder beside this loader that holds the cmdlet assembly and everything it needs.</summary>
    public const string PrivateFolder = "lib";

    // One context per module folder: every runspace and every re-import of the same module shares it (an assembly
    // cannot be loaded twice into one context, and a second context would make a second set of identical-named
    // types), while two installed versions of the module each get their own.
    private static readonly ConcurrentDictionary<string, ModuleLoadContext> Contexts = new(StringComparer.Ordinal);

    private readonly string _directory;

    private ModuleLoadContext(string directory) : base($"CleanupTools ({directory})", isCollectible: false)
    {
        _directory = directory;
    }

    /// <summary>The folder this context loads from.</summary>
    public string Directory => _directory;

    /// <summary>Loads (once per folder) and returns the cmdlet assembly from <paramref name="directory"/>.</summary>
    public static Assembly LoadCmdletAssembly(string directory)
    {
        var context = ForDirectory(directory);
        return context.LoadFromAssemblyName(new AssemblyName(CmdletAssemblyName));
    }

    /// <summary>The context for a module folder, created on first use.</summary>
    public static ModuleLoadContext ForDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(full, CmdletAssemblyName + ".dll")))
            throw new FileNotFoundException($"The CleanupTools module binaries are missing from '{full}'. Build the module first (dotnet build CleanupTools.sln, or ./build.ps1).", Path.Combine(full, CmdletAssemblyName + ".dll"));
        return Contexts.GetOrAdd(full, static path => new ModuleLoadContext(path));
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Only what ships in the private folder is ours. Everything else (the framework and
        // System.Management.Automation) comes from the default context, so PowerShell's own types stay shared.
        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
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
        var rids = new List<string> { RuntimeInformation.RuntimeIdentifier };
        if (os == "linux" && IsMusl()) rids.Add($"linux-musl-{arch}");
        rids.Add($"{os}-{arch}");
        foreach (var rid in rids.Distinct())
            foreach (var file in files)
                yield return Path.Combine(_directory, "runtimes", rid, "native", file);
        foreach (var file in files) yield return Path.Combine(_directory, file);
    }

    // Alpine and other musl systems cannot load the glibc build of e_sqlite3, so their folder is tried first.
    private static bool IsMusl() =>
        RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase)
        || System.IO.Directory.Exists("/lib") && System.IO.Directory.EnumerateFiles("/lib", "ld-musl-*").Any();
}
