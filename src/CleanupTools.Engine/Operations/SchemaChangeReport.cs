using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>
/// Tells the host that the tool changed an application's schema (added columns, an index, its own tables). A tool
/// that alters someone else's tables must say so every time, not only with -Verbose, but once per store: one warning
/// at the first change that counts them, and each change as a verbose line. The warning names no switch: each front
/// end words its own (--verbose, -Verbose).
/// </summary>
internal sealed class SchemaChangeReport
{
    private readonly IJobStore _store;
    private int _reported;

    public SchemaChangeReport(IJobStore store) => _store = store;

    public void Report(IOperationHost host)
    {
        var changes = _store.Migrations.Skip(_reported).ToArray();
        if (changes.Length == 0) return;
        // The warning comes first, so that under --verbose the details follow the line that announces them.
        if (_reported == 0)
            host.WriteNotice(new Notice($"Changed the store's schema to keep CleanupTools' records in {_store.Description}: {Count(_store.Migrations.Count)}",
                new Advice(AdviceKind.ShowVerbose), Warning: true));
        foreach (var change in changes) host.WriteVerbose($"Changed the store's schema: {change}.");
        _reported = _store.Migrations.Count;
    }

    private static string Count(int changes) => changes == 1 ? "1 change" : $"{changes} changes";
}
