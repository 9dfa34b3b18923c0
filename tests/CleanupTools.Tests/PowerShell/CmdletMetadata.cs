using System.Collections.ObjectModel;
using System.Reflection;
using System.Runtime.InteropServices;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PowerShell;

/// <summary>
/// The cmdlets of the built CleanupTools.PowerShell.dll as PowerShell would see them when it imports the module,
/// read with <see cref="MetadataLoadContext"/> and <see cref="CustomAttributeData"/> only: no cmdlet code runs
/// and System.Management.Automation is the PowerShellStandard reference stub, so no PowerShell is needed.
/// </summary>
public sealed class CmdletMetadata
{
    public const string Sma = "System.Management.Automation";
    public const string AllParameterSets = "__AllParameterSets";

    private static readonly Lazy<CmdletMetadata> Shared = new(() => new CmdletMetadata(TestPaths.CmdletAssembly));

    /// <summary>One context for the whole test run; it is only read, and lives as long as the test process.</summary>
    public static CmdletMetadata Instance => Shared.Value;

    private CmdletMetadata(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException($"The cmdlet assembly was not built: {assemblyPath}", assemblyPath);
        if (!File.Exists(TestPaths.SystemManagementAutomation))
            throw new FileNotFoundException($"The System.Management.Automation stub is missing: {TestPaths.SystemManagementAutomation}");

        // Resolve against the running runtime, the SMA reference stub and the cmdlet project's own output
        // (CleanupTools.Engine and its dependencies). Later duplicates of a simple name lose to earlier ones.
        var candidates = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Append(TestPaths.SystemManagementAutomation)
            .Concat(Directory.GetFiles(Path.GetDirectoryName(assemblyPath)!, "*.dll"));
        var paths = candidates
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Key.Equals(Path.GetFileNameWithoutExtension(assemblyPath), StringComparison.OrdinalIgnoreCase) ? assemblyPath : g.Last())
            .ToArray();
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Assembly = Context.LoadFromAssemblyPath(assemblyPath);
        AssemblyFileName = Path.GetFileName(assemblyPath);
        SmaAssembly = Context.LoadFromAssemblyName(Sma);

        CmdletBase = SmaAssembly.GetType($"{Sma}.Cmdlet", throwOnError: true)!;
        CmdletTypes = Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && !t.IsAbstract && DerivesFrom(t, CmdletBase))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
        Cmdlets = CmdletTypes.Where(t => Attribute(t, "CmdletAttribute") is not null).Select(Describe).ToArray();
    }

    public MetadataLoadContext Context { get; }
    public Assembly Assembly { get; }
    public string AssemblyFileName { get; }
    public Assembly SmaAssembly { get; }
    public Type CmdletBase { get; }

    /// <summary>Every public, non-abstract class deriving from System.Management.Automation.Cmdlet.</summary>
    public IReadOnlyList<Type> CmdletTypes { get; }

    /// <summary>Those of <see cref="CmdletTypes"/> that carry a [Cmdlet] attribute.</summary>
    public IReadOnlyList<CmdletDescription> Cmdlets { get; }

    /// <summary>Every type any cmdlet declares with [OutputType], by full name.</summary>
    public IReadOnlyDictionary<string, Type> OutputTypes =>
        Cmdlets.SelectMany(c => c.OutputTypes).GroupBy(t => t.FullName!).ToDictionary(g => g.Key, g => g.First());

    public CmdletDescription Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    public static bool DerivesFrom(Type type, Type baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.FullName == baseType.FullName) return true;
        return false;
    }

    public static CustomAttributeData? Attribute(MemberInfo member, string name) => Attributes(member, name).FirstOrDefault();

    public static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == $"{Sma}.{name}");

    public static T? Named<T>(CustomAttributeData attribute, string name, T? fallback = default)
    {
        foreach (var argument in attribute.NamedArguments)
            if (argument.MemberName == name) return (T?)argument.TypedValue.Value;
        return fallback;
    }

    /// <summary>The strings of a params string[] constructor argument (Alias, ValidateSet) or of single string arguments.</summary>
    public static IReadOnlyList<string> Strings(CustomAttributeData attribute) => attribute.ConstructorArguments
        .SelectMany(a => a.Value switch
        {
            ReadOnlyCollection<CustomAttributeTypedArgument> many => many.Select(m => (string)m.Value!),
            string one => new[] { one },
            _ => Array.Empty<string>(),
        })
        .ToArray();

    /// <summary>Property types that PowerShell binds through: T from T?, and the element type of T[].</summary>
    public static Type Underlying(Type type)
    {
        if (type.IsArray) return Underlying(type.GetElementType()!);
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1") return type.GetGenericArguments()[0];
        return type;
    }

    private CmdletDescription Describe(Type type)
    {
        var cmdlet = Attribute(type, "CmdletAttribute")!;
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;

        var confirmImpact = "Medium";
        foreach (var named in cmdlet.NamedArguments.Where(n => n.MemberName == "ConfirmImpact"))
        {
            var enumType = named.TypedValue.ArgumentType;
            confirmImpact = enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Single(f => Equals(Convert.ToInt64(f.GetRawConstantValue()), Convert.ToInt64(named.TypedValue.Value))).Name;
        }

        var outputTypes = new List<Type>();
        var outputTypeNames = new List<string>();
        foreach (var output in Attributes(type, "OutputTypeAttribute"))
        {
            foreach (var argument in output.ConstructorArguments)
            {
                var values = argument.Value as ReadOnlyCollection<CustomAttributeTypedArgument>;
                foreach (var value in values?.Select(v => v.Value) ?? new[] { argument.Value })
                {
                    if (value is Type t) outputTypes.Add(t);
                    else if (value is string s) outputTypeNames.Add(s);
                }
            }
        }

        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
        var parameters = members
            .Where(m => Attributes(m, "ParameterAttribute").Any())
            .Select(m => DescribeParameter(m))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();

        return new CmdletDescription(
            type,
            verb,
            noun,
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            confirmImpact,
            Named<string>(cmdlet, "DefaultParameterSetName"),
            outputTypes,
            outputTypeNames,
            parameters);
    }

    private static ParameterDescription DescribeParameter(MemberInfo member)
    {
        var type = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        var attributes = member.GetCustomAttributesData();
        var sets = Attributes(member, "ParameterAttribute").Select(a => new ParameterSetEntry(
            Named<string>(a, "ParameterSetName") ?? AllParameterSets,
            Named<bool>(a, "Mandatory"),
            Named(a, "Position", int.MinValue),
            Named<bool>(a, "ValueFromPipeline"),
            Named<bool>(a, "ValueFromPipelineByPropertyName"))).ToArray();
        var aliases = Attributes(member, "AliasAttribute").SelectMany(Strings).ToArray();
        var validation = attributes
            .Where(a => a.AttributeType.Namespace == Sma && a.AttributeType.Name.StartsWith("Validate", StringComparison.Ordinal))
            .Select(a => a.AttributeType.Name)
            .ToArray();
        var validateSet = Attributes(member, "ValidateSetAttribute").SelectMany(Strings).ToArray();
        return new ParameterDescription(
            member.Name,
            type,
            member.DeclaringType!,
            sets,
            aliases,
            validation,
            validateSet,
            Attributes(member, "SupportsWildcardsAttribute").Any());
    }
}

public sealed record CmdletDescription(
    Type Type,
    string Verb,
    string Noun,
    bool SupportsShouldProcess,
    string ConfirmImpact,
    string? DefaultParameterSetName,
    IReadOnlyList<Type> OutputTypes,
    IReadOnlyList<string> OutputTypeNames,
    IReadOnlyList<ParameterDescription> Parameters)
{
    public string Name => $"{Verb}-{Noun}";

    /// <summary>The explicit parameter sets; a cmdlet that declares none has PowerShell's single default set.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != CmdletMetadata.AllParameterSets)
                .Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            return named.Length == 0 ? new[] { CmdletMetadata.AllParameterSets } : named;
        }
    }

    public ParameterDescription Parameter(string name) => Parameters.Single(p => p.Name == name);

    /// <summary>The parameters usable in one set: those declared for it and those declared for all sets.</summary>
    public IEnumerable<(ParameterDescription Parameter, ParameterSetEntry Entry)> InSet(string set) =>
        Parameters.SelectMany(p => p.Sets.Where(s => s.SetName == set || s.SetName == CmdletMetadata.AllParameterSets).Take(1).Select(s => (p, s)));

    public override string ToString() => Name;
}

public sealed record ParameterDescription(
    string Name,
    Type Type,
    Type DeclaringType,
    IReadOnlyList<ParameterSetEntry> Sets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> ValidationAttributes,
    IReadOnlyList<string> ValidateSetValues,
    bool SupportsWildcards)
{
    public bool IsSwitch => Type.FullName == $"{CmdletMetadata.Sma}.SwitchParameter";
    public bool ByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);
    public bool ByValue => Sets.Any(s => s.ValueFromPipeline);
    public override string ToString() => Name;
}

public sealed record ParameterSetEntry(string SetName, bool Mandatory, int Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);
