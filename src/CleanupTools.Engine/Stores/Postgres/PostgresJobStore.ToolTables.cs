using CleanupTools.Policies;
using CleanupTools.Stores.Tables;
using Npgsql;
using NpgsqlTypes;

namespace CleanupTools.Stores.Postgres;

/// <summary>The tool's own tables (policies, holds, audit), in the jobs table's schema.</summary>
public sealed partial class PostgresJobStore
{
    private SqlDialect Dialect => new PostgresDialect(() => _table);

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
        var cleaned = Column(_map.DataCleanedAtColumn);
        using var command = new NpgsqlCommand($"UPDATE {_table.Sql} SET {Q(cleaned.Name)} = NULL WHERE {Q(Id.Name)} = @id::{Id.Type}", w, t);
        var id = command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text));
        foreach (var jobId in jobIds.Where(j => PostgresKeyValues.IsMatchable(Id, j)))
        {
            id.Value = jobId;
            command.ExecuteNonQuery();
        }
        AuditTable.Insert(Dialect, w, t, audit);
        return 0;
    });

    private T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work)
    {
        var writer = Writer();
        using var transaction = writer.BeginTransaction();
        var result = work(writer, transaction);
        transaction.Commit();
        return result;
    }
}
