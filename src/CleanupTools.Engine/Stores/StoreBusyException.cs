namespace CleanupTools.Stores;

/// <summary>
/// Another run holds the store's run lock and did not let go within the wait. Nothing was touched; the CLI
/// exits with <c>3</c>, the cmdlets stop with a ResourceBusy error.
/// </summary>
public sealed class StoreBusyException : Exception
{
    public StoreBusyException(string store, string? holder, TimeSpan waited)
        : base($"Another cleanup run holds {store}{(holder is null ? "" : $" ({holder})")}; waited {waited.TotalSeconds:0.#} s. Nothing was touched.")
    {
        Holder = holder;
    }

    /// <summary>The holder's description as it recorded it, when the store could tell.</summary>
    public string? Holder { get; }
}
