using CleanupTools.Policies;
using CleanupTools.Stores.Tables;

namespace CleanupTools.Stores.Sqlite;

/// <summary>The tool's own tables (policies, holds, audit) in the application's SQLite database.</summary>
public sealed partial class SqliteJobStore
{
    private static SqlDialect Dialect => SqliteDialect.Instance;

    public IReadOnlyList<StoredPolicy> GetStoredPolicies() => PolicyTable.Read(Dialect, _reader, Description);

    public void SavePolicy(StoredPolicy policy) => InTransaction((w, t) =>
    {
        PolicyTable.Save(Dialect, w, t, policy);
        return 0;
    });

    public int DeleteStoredPolicies(IReadOnlyCollection<string>? names) => InTransaction((w, t) => PolicyTable.Delete(Dialect, w, t, names));

    public IReadOnlyList<CleanupHold> GetHolds() => HoldTable.Read(Dialect, _reader);

    public CleanupHold SaveHold(CleanupHold hold) => InTransaction((w, t) => HoldTable.Save(Dialect, w, t, hold));

    public int RemoveHolds(IReadOnlyCollection<long> ids) => InTransaction((w, t) => HoldTable.Remove(Dialect, w, t, ids));

    public void RecordCleanups(IReadOnlyList<JobCleanupRecord> records) => RecordCleanups(records, Array.Empty<CleanupAuditEntry>());

    public void AppendAudit(IReadOnlyList<CleanupAuditEntry> entries)
    {
        if (entries.Count == 0) return;
        InTransaction((w, t) =>
        {
            AuditTable.Insert(Dialect, w, t, entries);
            return 0;
        });
    }

    public IReadOnlyList<CleanupAuditEntry> QueryAudit(AuditQuery query) => AuditTable.Query(Dialect, _reader, query);

    public void ClearCleanedMarks(IReadOnlyCollection<string> jobIds, IReadOnlyList<CleanupAuditEntry> audit) => InTransaction((w, t) =>
    {
        using var command = Dialect.Command(w, t, $"UPDATE {Q(_map.Table)} SET {Q(_map.DataCleanedAtColumn)} = NULL WHERE {Q(_map.IdColumn)} = @id");
        var id = SqlDialect.Add(command, "id", null);
        foreach (var jobId in jobIds)
        {
            id.Value = jobId;
            command.ExecuteNonQuery();
        }
        AuditTable.Insert(Dialect, w, t, audit);
        return 0;
    });

    private T InTransaction<T>(Func<Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite.SqliteTransaction, T> work)
    {
        var writer = Writer();
        using var transaction = writer.BeginTransaction();
        var result = work(writer, transaction);
        transaction.Commit();
        return result;
    }
}
