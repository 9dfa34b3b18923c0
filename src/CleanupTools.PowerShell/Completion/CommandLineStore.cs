using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CleanupTools.Configuration;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Completion;

/// <summary>
/// The store a command line being completed names: its -BasePath, -Store, -Schema and PostgreSQL parameters as
/// PowerShell has bound them so far (fakeBoundParameters), relative paths against the current location, as the
/// cmdlet itself would resolve them (CleanupCmdletBase.BuildOptions). Without any, the current location's store.
/// </summary>
internal static class CommandLineStore
{
    /// <summary>A lookup on that store, or null when there is no session to resolve paths in.</summary>
    public static CompletionLookup? Lookup(IDictionary? boundParameters)
    {
        if (SessionPaths() is not { } paths) return null;
        string? Path(string name) => Value<string>(boundParameters, name) is { Length: > 0 } path ? paths.GetUnresolvedProviderPathFromPSPath(path) : null;
        var credential = Value<PSCredential>(boundParameters, "DbCredential");
        var options = new CleanupOptions
        {
            BaseDir = Path("BasePath"),
            DbPath = Path("Store"),
            // The policy tooltips show the retention the command would use.
            SuccessRetention = Value<TimeSpan?>(boundParameters, "SuccessRetention"),
            FailedRetention = Value<TimeSpan?>(boundParameters, "FailedRetention"),
            Mapping = Value<JobTableMapping>(boundParameters, "Schema"),
            ConnectionString = Value<string>(boundParameters, "ConnectionString"),
            DbHost = Value<string>(boundParameters, "DbHost"),
            DbPort = Value<int?>(boundParameters, "DbPort"),
            DbName = Value<string>(boundParameters, "DbName"),
            DbUser = Value<string>(boundParameters, "DbUser") ?? credential?.UserName,
            DbPassword = credential?.GetNetworkCredential().Password,
        };
        return CompletionLookup.ForProcess(options, paths.CurrentFileSystemLocation.ProviderPath);
    }

    /// <summary>
    /// The completed session's paths. Its SessionStateProxy refuses every call while a pipeline runs, and completion
    /// runs inside one (TabExpansion2); a script block invoked here runs on that pipeline, in that session.
    /// </summary>
    private static PathIntrinsics? SessionPaths()
    {
        if (Runspace.DefaultRunspace is null) return null;
        return ScriptBlock.Create("$ExecutionContext.SessionState.Path").InvokeReturnAsIs() switch
        {
            PathIntrinsics paths => paths,
            PSObject { BaseObject: PathIntrinsics paths } => paths,
            _ => null,
        };
    }

    /// <summary>A bound value as the parameter's type; a value that does not convert (yet) counts as not given.</summary>
    private static T? Value<T>(IDictionary? boundParameters, string name)
    {
        if (boundParameters is null || !boundParameters.Contains(name) || boundParameters[name] is not { } value) return default;
        return LanguagePrimitives.TryConvertTo<T>(value, CultureInfo.InvariantCulture, out var converted) ? converted : default;
    }
}
