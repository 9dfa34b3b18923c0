namespace CleanupTools.Stores;

/// <summary>Which rows to stream: optionally only some raw status values, and cleaned rows only when asked.</summary>
public sealed record JobQuery(IReadOnlyCollection<string>? RawStatuses = null, bool IncludeCleaned = false);
