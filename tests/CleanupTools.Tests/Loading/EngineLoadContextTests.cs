using System.Reflection;
using System.Runtime.Loader;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Loading;

/// <summary>
/// The module's packaged layout, exercised without PowerShell: the engine and its packages load from
/// out/bin/Dependencies into the module's private load context, native SQLite included.
/// </summary>
public sealed class EngineLoadContextTests
{
    private static string ModuleBin => Path.Combine(TestPaths.RepoRoot, "out", "bin");

    [Fact]
    public void Only_the_cmdlet_assembly_sits_beside_the_manifest_binaries()
    {
        var rootDlls = Directory.GetFiles(ModuleBin, "*.dll").Select(Path.GetFileName).ToArray();
        Assert.Equal(new[] { "CleanupTools.PowerShell.dll" }, rootDlls);
        Assert.True(File.Exists(Path.Combine(ModuleBin, "Dependencies", "CleanupTools.Engine.dll")));
        Assert.True(File.Exists(Path.Combine(ModuleBin, "Dependencies", "Microsoft.Data.Sqlite.dll")));
    }

    [Fact]
    public void Engine_and_sqlite_load_in_the_private_context_and_work()
    {
        var context = CreateContext();
        var engine = context.LoadFromAssemblyName(new AssemblyName("CleanupTools.Engine"));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));

        // Writing a demo store exercises Microsoft.Data.Sqlite and the native e_sqlite3 through the context.
        using var tree = new TempTree();
        var builder = engine.GetType("CleanupTools.Demo.DemoStoreBuilder", throwOnError: true)!;
        var jobs = (int)builder.GetMethod("Create")!.Invoke(null, new object[] { tree.Path("demo"), TimeProvider.System })!;
        Assert.True(jobs > 0);
        Assert.True(File.Exists(tree.Path("demo", "jobs.db")));

        var sqlite = context.Assemblies.Single(a => a.GetName().Name == "Microsoft.Data.Sqlite");
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(sqlite));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.Location == sqlite.Location);
    }

    [Fact]
    public void Assemblies_not_shipped_in_the_dependency_folder_come_from_the_default_context()
    {
        var context = CreateContext();
        var engine = context.LoadFromAssemblyName(new AssemblyName("CleanupTools.Engine"));
        var runtime = engine.GetReferencedAssemblies().First(a => a.Name == "System.Runtime");
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(context.LoadFromAssemblyName(runtime)));
    }

    private static AssemblyLoadContext CreateContext()
    {
        // The cmdlet assembly is loaded in isolation too, so its copy of nothing leaks into the test's context.
        var cmdlets = new AssemblyLoadContext("cmdlets-under-test").LoadFromAssemblyPath(Path.Combine(ModuleBin, "CleanupTools.PowerShell.dll"));
        var type = cmdlets.GetType("CleanupTools.PowerShell.Loading.EngineLoadContext", throwOnError: true)!;
        return (AssemblyLoadContext)Activator.CreateInstance(type, Path.Combine(ModuleBin, "Dependencies"))!;
    }
}
