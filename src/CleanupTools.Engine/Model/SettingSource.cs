namespace CleanupTools;

/// <summary>Where a setting's value came from; precedence runs Parameter, Environment, Stored, Default.</summary>
public enum SettingSource
{
    Default,
    Stored,
    Environment,
    Parameter,
}
