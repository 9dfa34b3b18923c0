using System.Data.Common;
using CleanupTools.Policies;

namespace CleanupTools.Stores.Tables;

/// <summary>
/// The IJobStore operations on the tool's own tables, once for both stores: each store hands over its dialect,
/// its reading session and the way it opens (and first migrates) its writing session.
/// </summary>
internal sealed class ToolTables
{
    private readonly SqlDialect _dialect;
    private readonly Func<DbConnection> _reader;
    private readonly Func<DbConnection> _writer;
    private readonly string _description;

    public ToolTables(SqlDialect dialect, Func<DbConnection> reader, Func<DbConnection> writer, string description)
    {
        _dialect = dialect;
        _reader = reader;
        _writer = writer;
        _description = description;
    }

    public IReadOnlyList<StoredPolicy> GetStoredPolicies() => PolicyTable.Read(_dialect, _reader(), _description);

    public void SavePolicies(IReadOnlyList<StoredPolicy> save, IReadOnlyCollection<string> delete)
    {
        if (save.Count == 0 && delete.Count == 0) return; // a fully declined import writes nothing, not even the tables
        InTransaction((w, t) =>
        {
            foreach (var policy in save) PolicyTable.Save(_dialect, w, t, policy);
            if (delete.Count > 0) PolicyTable.Delete(_dialect, w, t, delete);
            return 0;
        });
    }

    public int DeleteStoredPolicies(IReadOnlyCollection<string>? names) => InTransaction((w, t) => PolicyTable.Delete(_dialect, w, t, names));

    public IReadOnlyList<CleanupHold> GetHolds() => HoldTable.Read(_dialect, _reader());

    public CleanupHold SaveHold(CleanupHold hold) => InTransaction((w, t) => HoldTable.Save(_dialect, w, t, hold));

    public int RemoveHolds(IReadOnlyCollection<long> ids) => InTransaction((w, t) => HoldTable.Remove(_dialect, w, t, ids));

    public void AppendAudit(IReadOnlyList<CleanupAuditEntry> entries)
    {
        // Nothing to record is no reason to open (and migrate) the store.
        if (entries.Count == 0) return;
        InTransaction((w, t) =>
        {
            AuditTable.Insert(_dialect, w, t, entries);
            return 0;
        });
    }

    public IReadOnlyList<CleanupAuditEntry> QueryAudit(AuditQuery query) => AuditTable.Query(_dialect, _reader(), query);

    public T InTransaction<T>(Func<DbConnection, DbTransaction, T> work)
    {
        var writer = _writer();
        using var transaction = writer.BeginTransaction();
        var result = work(writer, transaction);
        transaction.Commit();
        return result;
    }
}
