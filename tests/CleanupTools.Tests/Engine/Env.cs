using CleanupTools.Configuration;

namespace CleanupTools.Tests.Engine;

/// <summary>An injected environment built from name=value pairs.</summary>
internal static class Env
{
    public static EnvironmentReader Of(params (string Name, string? Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
}
