using CleanupTools.Policies;
using CleanupTools.Stores.Tables;

namespace CleanupTools.Stores.Sqlite;

/// <summary>The tool's own tables (policies, holds, audit) in the application's SQLite database.</summary>
public sealed partial class SqliteJobStore
{
    private ToolTables? _tables;

    private ToolTables Tables => _tables ??= new ToolTables(SqliteDialect.Instance, () => _reader, Writer, Description);

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
        using var command = SqliteDialect.Instance.Command(w, t,
            $"UPDATE {Q(_map.Table)} SET {Q(_map.DataCleanedAtColumn)} = NULL, {Q(_map.CleanupSummaryColumn)} = @summary WHERE {Q(_map.IdColumn)} IN (@id, @number)");
        var id = SqlDialect.Add(command, "id", null);
        var number = SqlDialect.Add(command, "number", null);
        var summary = SqlDialect.Add(command, "summary", null);
        foreach (var (jobId, text) in summaries)
        {
            id.Value = jobId;
            number.Value = SqliteKeyValues.IntegerOrNull(jobId);
            summary.Value = text;
            command.ExecuteNonQuery();
        }
        AuditTable.Insert(SqliteDialect.Instance, w, t, audit);
        return 0;
    });
}
