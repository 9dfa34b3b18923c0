namespace CleanupTools;

/// <summary>What a hold protects.</summary>
public enum HoldKind
{
    /// <summary>One job, by id: none of its data is touched.</summary>
    Job,
    /// <summary>An absolute path or glob pattern: nothing it matches, or that contains something it could match, is touched.</summary>
    Path,
}
