using System.Management.Automation;

namespace CleanupTools.PowerShell.Loading;

/// <summary>Runs when CleanupTools.psm1 imports this assembly from the module's private load context.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport() => TypeAccelerators.Register(ExposedTypes.Of(typeof(ModuleInitializer).Assembly));
}
