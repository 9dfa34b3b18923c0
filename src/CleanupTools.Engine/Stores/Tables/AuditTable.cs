using System.Data.Common;
using System.Globalization;

namespace CleanupTools.Stores.Tables;

/// <summary>cleanup_audit: appended inside the caller's transaction, read newest first.</summary>
internal static class AuditTable
{
    public static void Insert(SqlDialect d, DbConnection connection, DbTransaction transaction, IReadOnlyList<CleanupAuditEntry> entries)
    {
        if (entries.Count == 0) return;
        using var command = d.Command(connection, transaction, $"""
            INSERT INTO {d.Table(CleanupTablesSchema.Audit)} (run_id, "timestamp", user_name, host, "trigger", item_kind, item, job_id, policy, "action", bytes, outcome, error)
            VALUES (@run, @at, @user, @host, @trigger, @kind, @item, @job, @policy, @action, @bytes, @outcome, @error)
            """);
        var parameters = new[] { "run", "at", "user", "host", "trigger", "kind", "item", "job", "policy", "action", "bytes", "outcome", "error" }
            .ToDictionary(n => n, n => SqlDialect.Add(command, n, null));
        foreach (var entry in entries)
        {
            parameters["run"].Value = entry.RunId;
            parameters["at"].Value = d.ToDb(entry.Timestamp);
            parameters["user"].Value = (object?)entry.User ?? DBNull.Value;
            parameters["host"].Value = (object?)entry.Host ?? DBNull.Value;
            parameters["trigger"].Value = entry.Trigger.ToString().ToLowerInvariant();
            parameters["kind"].Value = entry.TargetKind;
            parameters["item"].Value = entry.Target;
            parameters["job"].Value = (object?)entry.JobId ?? DBNull.Value;
            parameters["policy"].Value = (object?)entry.Policy ?? DBNull.Value;
            parameters["action"].Value = entry.Action;
            parameters["bytes"].Value = entry.Bytes;
            parameters["outcome"].Value = entry.Outcome;
            parameters["error"].Value = (object?)entry.Error ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    public static IReadOnlyList<CleanupAuditEntry> Query(SqlDialect d, DbConnection connection, AuditQuery query)
    {
        var entries = new List<CleanupAuditEntry>();
        var columns = d.Columns(connection, null, CleanupTablesSchema.Audit);
        if (columns.Count == 0) return entries;
        // Reference 002's own audit table lacks most columns until the first write adds them: read those as NULL.
        string Column(string name) => columns.Contains(name) ? SqlDialect.Q(name) : $"NULL AS {SqlDialect.Q(name)}";
        string Value(string name) => columns.Contains(name) ? SqlDialect.Q(name) : "NULL";
        using var command = d.Command(connection, null, "");
        var where = new List<string>();
        void Filter(string sql, string name, object? value)
        {
            if (value is null) return;
            where.Add(sql);
            SqlDialect.Add(command, name, value);
        }
        Filter("\"timestamp\" >= @since", "since", query.Since is { } since ? d.ToDb(since) : null);
        Filter("\"timestamp\" <= @until", "until", query.Until is { } until ? d.ToDb(until) : null);
        Filter("job_id = @job", "job", query.JobId);
        Filter($"{Value("run_id")} = @run", "run", query.RunId);
        Filter($"lower({Value("outcome")}) = lower(@outcome)", "outcome", query.Outcome);
        // Reference 002's rows have no item_kind: they are read as job items, so the filter finds them as job items too.
        Filter($"COALESCE({Value("item_kind")}, '{CleanupAuditEntry.JobTarget}') = @kind", "kind", query.TargetKind);
        SqlDialect.Add(command, "limit", (long)query.Limit);
        command.CommandText = $"""
            SELECT {string.Join(", ", new[] { "id", "run_id", "timestamp", "user_name", "host", "trigger", "item_kind", "item", "job_id", "policy", "action", "bytes", "outcome", "error" }.Select(Column))}
            FROM {d.Table(CleanupTablesSchema.Audit)}{(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))}
            ORDER BY id DESC LIMIT @limit
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            entries.Add(new CleanupAuditEntry
            {
                Id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                RunId = Text(1) ?? "",
                Timestamp = reader.IsDBNull(2) ? DateTimeOffset.MinValue : d.TimestampFromDb(reader.GetValue(2)) ?? DateTimeOffset.MinValue,
                User = Text(3),
                Host = Text(4),
                Trigger = Enum.TryParse<CleanupTrigger>(Text(5), ignoreCase: true, out var trigger) ? trigger : CleanupTrigger.Manual,
                // Rows of reference 002's own audit table have no item columns: they were about jobs.
                TargetKind = Text(6) ?? CleanupAuditEntry.JobTarget,
                Target = Text(7) ?? Text(8) ?? "",
                JobId = Text(8),
                Policy = Text(9),
                Action = Text(10) ?? "",
                Bytes = reader.IsDBNull(11) ? 0 : Convert.ToInt64(reader.GetValue(11), CultureInfo.InvariantCulture),
                Outcome = Text(12) ?? "",
                Error = Text(13),
            });
        }
        return entries;
    }
}
