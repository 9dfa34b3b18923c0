using CleanupTools.Policies;
using CleanupTools.Stores.Tables;
using Npgsql;
using NpgsqlTypes;

namespace CleanupTools.Stores.Postgres;

/// <summary>The tool's own tables (policies, holds, audit), in the jobs table's schema.</summary>
public sealed partial class PostgresJobStore
{
    private ToolTables? _tables;

    private SqlDialect Dialect => new PostgresDialect(() => _table);

    private ToolTables Tables => _tables ??= new ToolTables(Dialect, () => _reader, Writer, Description);

    public IReadOnlyList<StoredPolicy> GetStoredPolicies() => Tables.GetStoredPolicies();
    public void SavePolicy(StoredPolicy policy) => Tables.SavePolicies(new[] { policy }, Array.Empty<string>());
    public void SavePolicies(IReadOnlyList<StoredPolicy> save, IReadOnlyCollection<string> delete) => Tables.SavePolicies(save, delete);
    public int DeleteStoredPolicies(IReadOnlyCollection<string>? names) => Tables.DeleteStoredPolicies(names);
    public IReadOnlyList<CleanupHold> GetHolds() => Tables.GetHolds();
    public CleanupHold SaveHold(CleanupHold hold) => Tables.SaveHold(hold);
    public int RemoveHolds(IReadOnlyCollection<long> ids) => Tables.RemoveHolds(ids);
    public IReadOnlyList<string> RecordCleanups(IReadOnlyList<JobCleanupRecord> records) => RecordCleanups(records, Array.Empty<CleanupAuditEntry>());
    public void AppendAudit(IReadOnlyList<CleanupAuditEntry> entries) => Tables.AppendAudit(entries);
    public IReadOnlyList<CleanupAuditEntry> QueryAudit(AuditQuery query) => Tables.QueryAudit(query);

    public void ClearCleanedMarks(IReadOnlyDictionary<string, string> summaries, IReadOnlyList<CleanupAuditEntry> audit) => Tables.InTransaction((w, t) =>
    {
        var cleaned = Column(_map.DataCleanedAtColumn);
        var summaryColumn = Column(_map.CleanupSummaryColumn);
        using var command = new NpgsqlCommand(
            $"UPDATE {_table.Sql} SET {Q(cleaned.Name)} = NULL, {Q(summaryColumn.Name)} = @summary::{summaryColumn.Type} WHERE {Q(Id.Name)} = @id::{Id.Type}",
            (NpgsqlConnection)w, (NpgsqlTransaction)t);
        var id = command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text));
        var summary = command.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Text));
        foreach (var (jobId, text) in summaries.Where(s => PostgresKeyValues.IsMatchable(Id, s.Key)))
        {
            id.Value = jobId;
            summary.Value = text;
            command.ExecuteNonQuery();
        }
        AuditTable.Insert(Dialect, w, t, audit);
        return 0;
    });
}
