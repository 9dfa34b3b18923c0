namespace CleanupTools.Operations;

/// <summary>
/// A step the operator can take, as a fact: each front end names it with its own command (the CLI's
/// `cleanuptools policy set`, the module's Set-RetentionPolicy), so the engine never words a command line.
/// </summary>
public sealed record Advice(AdviceKind Kind, string Subject = "");

public enum AdviceKind
{
    /// <summary>Give the path-class policy <see cref="Advice.Subject"/> a root directory.</summary>
    SetPolicyRoot,
    /// <summary>Hold the job <see cref="Advice.Subject"/> so that no run cleans it.</summary>
    HoldJob,
    /// <summary>The details are verbose lines: run again with the front end's verbose switch to see them.</summary>
    ShowVerbose,
}
