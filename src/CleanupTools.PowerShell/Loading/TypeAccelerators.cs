using System.Reflection;

namespace CleanupTools.PowerShell.Loading;

/// <summary>
/// Makes the module's types resolvable by their full names (<c>[CleanupTools.Configuration.JobTableMapping]@{...}</c>,
/// <c>-is [CleanupTools.CleanupCandidate]</c>) although they live in the module's private load context, which
/// PowerShell's type resolution never searches. PowerShell's TypeAccelerators class is not public API, but it is the
/// documented-by-use way modules add accelerators (<c>[psobject].Assembly.GetType(...)::Add</c>).
/// </summary>
internal static class TypeAccelerators
{
    private static readonly Type? Accelerators =
        typeof(System.Management.Automation.PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

    /// <summary>
    /// Adds one accelerator per type under its full name. The accelerators are process-wide, as the load context is,
    /// so they are added once per process and never removed: another runspace may still be using the module.
    /// </summary>
    public static void Register(IEnumerable<Type> types)
    {
        var add = Accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string), typeof(Type) });
        if (add is null) return; // a future PowerShell without the class: type literals fail, cmdlets still work
        foreach (var type in types)
            if (type.FullName is { } name) add.Invoke(null, new object[] { name, type });
    }
}
