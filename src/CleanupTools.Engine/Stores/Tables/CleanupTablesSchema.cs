using System.Data.Common;

namespace CleanupTools.Stores.Tables;

/// <summary>
/// The tool's own tables beside the application's jobs table: cleanup_policies, cleanup_holds and
/// cleanup_audit (reference 001's names). Each is created when missing, and a table of an earlier shape gets
/// the columns it lacks, so an existing reference-002 cleanup_audit keeps its rows and gains this tool's columns.
/// </summary>
internal static class CleanupTablesSchema
{
    public const string Policies = "cleanup_policies";
    public const string Holds = "cleanup_holds";
    public const string Audit = "cleanup_audit";

    /// <summary>The statements that bring the tables up to date, each with the change it reports.</summary>
    public static IReadOnlyList<(string Sql, string Description)> Missing(SqlDialect d, DbConnection connection, DbTransaction? transaction)
    {
        var steps = new List<(string, string)>();
        TableSteps(steps, d, connection, transaction, Policies, PolicyColumns(d), extra: null,
            // Reference 001's own policy table (data_type, retention_days) is another tool's: left alone, and reported when read.
            isForeign: columns => !columns.Contains("name") || !columns.Contains("retention_seconds"));
        TableSteps(steps, d, connection, transaction, Holds, HoldColumns(d), extra: "UNIQUE (kind, target)", isForeign: _ => false);
        TableSteps(steps, d, connection, transaction, Audit, AuditColumns(d), extra: null, isForeign: _ => false);
        foreach (var column in new[] { "run_id", "job_id" })
        {
            var index = $"ix_{Audit}_{column}";
            if (!d.IndexExists(connection, transaction, index))
                steps.Add(($"CREATE INDEX IF NOT EXISTS {SqlDialect.Q(index)} ON {d.Table(Audit)} ({SqlDialect.Q(column)})", $"created index {index}"));
        }
        return steps;
    }

    private static void TableSteps(List<(string, string)> steps, SqlDialect d, DbConnection connection, DbTransaction? transaction,
        string table, IReadOnlyList<(string Name, string Definition)> columns, string? extra, Func<IReadOnlySet<string>, bool> isForeign)
    {
        var existing = d.Columns(connection, transaction, table);
        if (existing.Count == 0)
        {
            var body = string.Join(",\n    ", columns.Select(c => $"{SqlDialect.Q(c.Name)} {c.Definition}").Concat(extra is null ? Array.Empty<string>() : new[] { extra }));
            steps.Add(($"CREATE TABLE IF NOT EXISTS {d.Table(table)} (\n    {body})", $"created table {table}"));
            return;
        }
        if (isForeign(existing)) return;
        foreach (var (name, definition) in columns.Where(c => !existing.Contains(c.Name)))
        {
            // ALTER TABLE cannot add a key or an identity to a table that has rows; such columns only come with new tables.
            if (definition.Contains("PRIMARY KEY", StringComparison.Ordinal)) continue;
            steps.Add(($"ALTER TABLE {d.Table(table)} ADD COLUMN {SqlDialect.Q(name)} {definition}", $"added column {table}.{name}"));
        }
    }

    private static IReadOnlyList<(string, string)> PolicyColumns(SqlDialect d) => new[]
    {
        ("name", "text PRIMARY KEY"),
        ("retention_seconds", $"{d.BigIntType} NOT NULL"),
        ("enabled", $"{d.BooleanType} NOT NULL DEFAULT {(d.BooleanType == "boolean" ? "true" : "1")}"),
        ("description", "text"),
        ("updated_at", d.TimestampType),
        ("updated_by", "text"),
        ("target_kind", "text"),
        ("target_status", "text"),
        ("component", "text"),
        ("root", "text"),
        ("patterns", "text"),
        ("match_status", "text"),
        ("action", "text"),
        ("keep_newest", d.BigIntType),
        ("keep_newest_per_workflow", $"{d.BooleanType} NOT NULL DEFAULT {(d.BooleanType == "boolean" ? "false" : "0")}"),
    };

    private static IReadOnlyList<(string, string)> HoldColumns(SqlDialect d) => new[]
    {
        ("id", d.IdentityColumn),
        ("kind", "text NOT NULL"),
        ("target", "text NOT NULL"),
        ("reason", "text NOT NULL"),
        ("expires_at", d.TimestampType),
        ("created_at", $"{d.TimestampType} NOT NULL"),
        ("created_by", "text"),
    };

    private static IReadOnlyList<(string, string)> AuditColumns(SqlDialect d) => new[]
    {
        ("id", d.IdentityColumn),
        ("run_id", "text"),
        ("timestamp", d.TimestampType),
        ("user_name", "text"),
        ("host", "text"),
        ("trigger", "text"),
        ("item_kind", "text"),
        ("item", "text"),
        ("job_id", "text"),
        ("policy", "text"),
        ("action", "text"),
        ("bytes", d.BigIntType),
        ("outcome", "text"),
        ("error", "text"),
    };
}
