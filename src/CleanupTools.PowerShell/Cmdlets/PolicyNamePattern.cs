namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>The shape of a policy name, checked by PowerShell before the engine sees it (the engine checks it again).</summary>
internal static class PolicyNamePattern
{
    public const string Value = "^[A-Za-z][A-Za-z0-9_]{0,62}$";
}
