using System.Text;
using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Policies.Files;

namespace CleanupTools.Operations;

/// <summary>What an import did: the policies it set as they now resolve, and the run settings the file carried.</summary>
public sealed record PolicyImportResult(
    string Source,
    IReadOnlyList<RetentionPolicy> Policies,
    IReadOnlyList<string> Removed,
    int Declined,
    PolicyFileRunSettings Settings,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Import-RetentionPolicy / Export-RetentionPolicy and `cleanuptools policy import|export`: the policy set as a file
/// (references 000/002's cleanup_config.yaml, or this tool's full form; see <see cref="PolicyFileReader"/>).
/// <para>An import merges: the policies the file names are set (a new name is created), the others stay as they
/// are. It reads and checks the whole file, then checks every change against the policy rules exactly as
/// Set-RetentionPolicy would (<see cref="PolicyService.Apply"/>), and only when all of that passes asks the host
/// about each policy (ShouldProcess: -WhatIf / --dry-run declines all, and then nothing is written, not even the
/// policy table) and stores the accepted ones.</para>
/// </summary>
public static class PolicyFileService
{
    public static PolicyImportResult Import(CleanupContext context, string path, IOperationHost host, bool allowMassDeletion = false) =>
        Import(context, PolicyFileReader.Read(path), host, allowMassDeletion);

    public static PolicyImportResult ImportText(CleanupContext context, string text, string source, IOperationHost host, bool allowMassDeletion = false) =>
        Import(context, PolicyFileReader.Parse(text, source), host, allowMassDeletion);

    public static PolicyImportResult Import(CleanupContext context, PolicyFile file, IOperationHost host, bool allowMassDeletion = false)
    {
        // 1. Every change checked against the store as it is, before anything is asked or written.
        var planned = Plan(context, file, allowMassDeletion);
        foreach (var warning in file.Warnings) host.WriteWarning(warning);

        // 2. One ShouldProcess per policy; 3. store what was accepted.
        var accepted = new List<RetentionPolicy>();
        var removals = new List<string>();
        var declined = 0;
        foreach (var step in planned)
        {
            host.Cancellation.ThrowIfCancellationRequested();
            var target = $"retention policy {step.Name} in {context.Store.Description}";
            var ok = step.Next is { } next
                ? host.ShouldProcess(target, $"Import from {file.Source} (line {step.Entry.Line}): {Describe(next)}")
                : host.ShouldProcess(target, $"Remove (imported {step.Entry.Key}: false)");
            if (!ok)
            {
                declined++;
                continue;
            }
            if (step.Next is { } policy) accepted.Add(policy);
            else removals.Add(step.Name);
        }

        var now = context.Clock.GetUtcNow();
        var who = PolicyService.Who();
        // One transaction: a failure part way leaves the store as it was, not half an import.
        context.Store.SavePolicies(accepted.Select(policy => StoredPolicy.From(policy, now, who)).ToArray(), removals);
        if (accepted.Count + removals.Count > 0)
        {
            context.ReportSchemaChanges(host);
            host.WriteVerbose($"Imported {accepted.Count} polic{(accepted.Count == 1 ? "y" : "ies")} from {file.Source}{(removals.Count > 0 ? $" and removed {string.Join(", ", removals)}" : "")}.");
        }

        var after = PolicyResolver.Resolve(context.Options, context.Environment, context.Store.GetStoredPolicies());
        var resolved = accepted.Select(p => after.Named(p.Name)!).ToArray();
        foreach (var policy in resolved.Where(p => p.Source is SettingSource.Environment or SettingSource.Parameter))
            host.WriteWarning($"The imported retention of {policy.Name} is stored, but the {policy.Source.ToString().ToLowerInvariant()} value ({CandidateEvaluator.FormatRetention(policy.Retention)}) still takes precedence.");
        return new PolicyImportResult(file.Source, resolved, removals, declined, file.Settings, file.Warnings);
    }

    /// <summary>
    /// The policies in force (<see cref="PolicyService.Get"/>: all of them, or the named ones) as policy file text.
    /// A retention that an environment variable or parameter overrides is written as in force, with a warning.
    /// </summary>
    public static string Export(CleanupContext context, IEnumerable<string>? names = null, IOperationHost? host = null)
    {
        var policies = PolicyService.Get(context, names);
        foreach (var policy in policies.Where(p => p.Source is SettingSource.Environment or SettingSource.Parameter))
            host?.WriteWarning($"The retention of {policy.Name} is exported as in force ({CandidateEvaluator.FormatRetention(policy.Retention)}), which comes from the {policy.Source.ToString().ToLowerInvariant()}, not from the store.");
        return PolicyFileWriter.Write(policies);
    }

    /// <summary>
    /// Writes <see cref="Export"/>'s text to a file (UTF-8 without BOM) after asking the host. An existing file is
    /// refused unless <paramref name="force"/>; it is replaced through a temporary file beside it, so a failed write
    /// never leaves half a file. Returns false when the host declined (nothing written).
    /// </summary>
    public static bool ExportToFile(CleanupContext context, string path, IEnumerable<string>? names, bool force, IOperationHost host)
    {
        var full = Path.GetFullPath(path);
        var text = Export(context, names, host);
        if (Directory.Exists(full))
            throw new ConfigurationException($"'{full}' is a directory; give a file name to export to.");
        if (File.Exists(full) && !force)
            throw new ConfigurationException($"'{full}' already exists; add -Force (--force) to overwrite it.");
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new ConfigurationException($"The directory '{directory}' does not exist.");
        if (!host.ShouldProcess(full, File.Exists(full) ? "Overwrite with the exported retention policies" : "Write the exported retention policies"))
            return false;

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: force);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        host.WriteVerbose($"Exported the retention policies to {full}.");
        return true;
    }

    private sealed record Step(string Name, PolicyFileEntry Entry, RetentionPolicy? Next);

    /// <summary>Checks every entry against the policy rules and the store; all problems in one exception.</summary>
    private static IReadOnlyList<Step> Plan(CleanupContext context, PolicyFile file, bool allowMassDeletion)
    {
        var steps = new List<Step>();
        var errors = new List<string>();
        foreach (var entry in file.Entries)
        {
            var existing = context.Policies.Named(entry.Name);
            try
            {
                if (entry.RemoveKeeper)
                {
                    if (existing is null) continue;
                    if (existing is not { TargetKind: PolicyTargetKind.Component, Component: DataComponent.Logs, Enabled: false })
                        throw new ConfigurationException(
                            $"false would remove the policy {entry.Name}, but that policy is not one that keeps logs (it targets {existing.Target}, enabled {existing.Enabled}); rename or reset it first.");
                    steps.Add(new Step(entry.Name, entry, null));
                    continue;
                }
                var change = WithoutUnchangedTarget(entry.Change!, existing) with { AllowMassDeletion = allowMassDeletion };
                steps.Add(new Step(entry.Name, entry, PolicyService.Apply(context, change)));
            }
            catch (ConfigurationException e)
            {
                errors.Add($"{file.Source}, line {entry.Line}, column {entry.Column}: {entry.Key}: {e.Message}");
            }
        }
        if (errors.Count > 0)
            throw new ConfigurationException(
                $"{file.Source} was not imported (nothing was changed): {(errors.Count == 1 ? "" : $"{errors.Count} problems:{Environment.NewLine}")}{string.Join(Environment.NewLine, errors)}");
        return steps;
    }

    /// <summary>
    /// A full-form file states every policy's target. Stating the target a policy already has is no change (so an
    /// exported file imports again over the same store); stating another one is an error, as the target of a policy
    /// (and of a built-in one, its matched status) cannot change.
    /// </summary>
    private static PolicyChange WithoutUnchangedTarget(PolicyChange change, RetentionPolicy? existing)
    {
        if (existing is null) return change;
        void Fixed(string what, object? current, object? wanted)
        {
            if (!Equals(current, wanted))
                throw new ConfigurationException(
                    $"{existing.Name} already exists and targets {existing.Target}{(existing.MatchStatus is { } m ? $" (status {m})" : "")}; its {what} cannot be changed to {Lower(wanted)}. Reset it first, or choose another name.");
        }
        if (change.Component is { } component) Fixed("component", existing.Component, component);
        if (change.Status is { } status) Fixed("status", existing.Status, status);
        if (change.MatchStatus is { } matchStatus && (PolicyNames.IsBuiltIn(existing.Name) || existing.MatchStatus is not null))
            Fixed("matched status", existing.MatchStatus, matchStatus);
        if (change.Patterns is not null && existing.TargetKind != PolicyTargetKind.PathClass)
            throw new ConfigurationException($"{existing.Name} targets {existing.Target}, not paths: patterns belong to path classes.");
        if (change.Root is not null && existing.TargetKind != PolicyTargetKind.PathClass)
            throw new ConfigurationException($"{existing.Name} targets {existing.Target}, not paths: a root belongs to path classes.");
        return change with
        {
            Component = null,
            Status = null,
            MatchStatus = existing.MatchStatus is not null && change.MatchStatus == existing.MatchStatus ? null : change.MatchStatus,
        };
    }

    private static string Lower(object? value) => value?.ToString()?.ToLowerInvariant() ?? "none";

    private static string Describe(RetentionPolicy p) =>
        $"{p.Target} retention {PolicyFileRetention.Format(p.Retention)}, action {PolicyFileWriter.Word(p.Action)}, enabled {(p.Enabled ? "true" : "false")}" +
        (p.KeepNewest is { } n ? $", keep newest {n}{(p.KeepNewestPerWorkflow ? " per workflow type" : "")}" : "") +
        (p.Root is { } r ? $", root {r}" : "") +
        (p.Patterns.Count > 0 ? $", patterns {string.Join(" ", p.Patterns)}" : "");
}
