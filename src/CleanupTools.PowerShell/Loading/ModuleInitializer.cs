using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace CleanupTools.PowerShell.Loading;

/// <summary>
/// Runs at Import-Module: when the default context fails to find the engine (it lives in the Dependencies
/// folder on purpose), it is loaded into the module's private <see cref="EngineLoadContext"/>.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly EngineLoadContext Context = new(Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, EngineLoadContext.DependencyFolder));

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveEngine;

    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == EngineLoadContext.EngineAssemblyName ? Context.LoadFromAssemblyName(name) : null;
}
