namespace CleanupTools;

/// <summary>
/// A protection that beats every policy, emergency runs included, until it is removed or expires.
/// Type name is stable: CleanupTools.CleanupHold.
/// </summary>
public sealed class CleanupHold
{
    public long Id { get; init; }
    public required HoldKind Kind { get; init; }
    /// <summary>A job id, or an absolute path pattern.</summary>
    public required string Target { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }

    public bool IsActive(DateTimeOffset now) => ExpiresAt is not { } expires || expires > now;

    public string Describe() => $"held by hold {Id} ({Kind.ToString().ToLowerInvariant()} {Target}): {Reason}{(ExpiresAt is { } at ? $", until {at:u}" : "")}";
}
