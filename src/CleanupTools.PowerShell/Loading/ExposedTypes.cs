using System.Management.Automation;
using System.Reflection;

namespace CleanupTools.PowerShell.Loading;

/// <summary>
/// The module's own types that PowerShell shows a user: every cmdlet's output and parameter types, and the types of
/// their public properties, followed transitively while they stay in the module's assemblies.
/// </summary>
internal static class ExposedTypes
{
    public static IReadOnlyList<Type> Of(Assembly cmdletAssembly)
    {
        var found = new HashSet<Type>();
        var pending = new Queue<Type>();
        foreach (var cmdlet in cmdletAssembly.GetExportedTypes().Where(t => t.IsDefined(typeof(CmdletAttribute), inherit: false)))
        {
            foreach (var output in cmdlet.GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type))
                if (output.Type is { } type) pending.Enqueue(type);
            // A parameter in several parameter sets carries several Parameter attributes.
            foreach (var property in cmdlet.GetProperties().Where(p => p.IsDefined(typeof(ParameterAttribute), inherit: true)))
                pending.Enqueue(property.PropertyType);
        }
        while (pending.Count > 0)
        {
            var type = Unwrap(pending.Dequeue());
            if (!IsOurs(type) || !found.Add(type)) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                pending.Enqueue(property.PropertyType);
        }
        return found.OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();
    }

    private static Type Unwrap(Type type)
    {
        while (true)
        {
            if (type.HasElementType) type = type.GetElementType()!;
            else if (Nullable.GetUnderlyingType(type) is { } underlying) type = underlying;
            else if (type.IsGenericType && type.GetGenericArguments() is [var item]) type = item;
            else return type;
        }
    }

    private static bool IsOurs(Type type) =>
        type.IsPublic && type.Assembly.GetName().Name is { } name && name.StartsWith("CleanupTools.", StringComparison.Ordinal);
}
