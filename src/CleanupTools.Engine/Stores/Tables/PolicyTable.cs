using System.Data.Common;
using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Stores.Tables;

/// <summary>cleanup_policies: one row per stored policy definition, the same statements on either store.</summary>
internal static class PolicyTable
{
    private const string Columns = "name, retention_seconds, enabled, description, updated_at, updated_by, target_kind, target_status, component, root, patterns, match_status, \"action\", keep_newest, keep_newest_per_workflow";

    public static IReadOnlyList<StoredPolicy> Read(SqlDialect d, DbConnection connection, string storeDescription)
    {
        var policies = new List<StoredPolicy>();
        var columns = d.Columns(connection, null, CleanupTablesSchema.Policies);
        if (columns.Count == 0) return policies;
        // A row written before the definition columns existed reads them as absent: the built-in values apply.
        string Optional(string column) => columns.Contains(column) ? SqlDialect.Q(column) : $"NULL AS {SqlDialect.Q(column)}";
        var select = string.Join(", ", Columns.Split(", ").Select(c => c is "name" or "retention_seconds" or "enabled" ? c : Optional(c.Trim('"'))));
        try
        {
            using var command = d.Command(connection, null, $"SELECT {select} FROM {d.Table(CleanupTablesSchema.Policies)} ORDER BY name");
            using var reader = command.ExecuteReader();
            while (reader.Read()) policies.Add(ReadRow(d, reader));
        }
        catch (DbException e)
        {
            throw new ConfigurationException($"The table '{CleanupTablesSchema.Policies}' in {storeDescription} is not this tool's policy table ({e.Message}).");
        }
        return policies;
    }

    public static void Save(SqlDialect d, DbConnection connection, DbTransaction transaction, StoredPolicy policy)
    {
        RefuseForeign(d, connection, transaction);
        using var command = d.Command(connection, transaction, $"""
            INSERT INTO {d.Table(CleanupTablesSchema.Policies)} ({Columns})
            VALUES (@name, @seconds, @enabled, @description, @at, @by, @kind, @status, @component, @root, @patterns, @match, @action, @keep, @per_workflow)
            ON CONFLICT (name) DO UPDATE SET retention_seconds = excluded.retention_seconds, enabled = excluded.enabled,
                description = excluded.description, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                target_kind = excluded.target_kind, target_status = excluded.target_status, component = excluded.component,
                root = excluded.root, patterns = excluded.patterns, match_status = excluded.match_status, "action" = excluded."action",
                keep_newest = excluded.keep_newest, keep_newest_per_workflow = excluded.keep_newest_per_workflow
            """,
            ("name", policy.Name),
            // Whole seconds on both stores, so a policy reads back the same from either.
            ("seconds", (long)policy.Retention.TotalSeconds),
            ("enabled", d.ToDb(policy.Enabled)),
            ("description", policy.Description),
            ("at", d.ToDb(SqlDialect.WholeSeconds(policy.UpdatedAt ?? DateTimeOffset.UtcNow))),
            ("by", policy.UpdatedBy),
            ("kind", Token(policy.TargetKind)),
            ("status", policy.Status is { } s ? Token(s) : null),
            ("component", policy.Component is { } c ? Token(c) : null),
            ("root", policy.Root),
            ("patterns", policy.Patterns.Count == 0 ? null : string.Join("\n", policy.Patterns)),
            ("match", policy.MatchStatus),
            ("action", policy.Action is { } a ? a.ToString() : null),
            ("keep", policy.KeepNewest is { } k ? (long)k : null),
            ("per_workflow", d.ToDb(policy.KeepNewestPerWorkflow)));
        command.ExecuteNonQuery();
    }

    public static int Delete(SqlDialect d, DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string>? names)
    {
        // Another tool's table of the same name (reference 001's) is never emptied by a reset of this one's policies.
        RefuseForeign(d, connection, transaction);
        if (names is null)
        {
            using var all = d.Command(connection, transaction, $"DELETE FROM {d.Table(CleanupTablesSchema.Policies)}");
            return all.ExecuteNonQuery();
        }
        var deleted = 0;
        foreach (var name in names)
        {
            using var one = d.Command(connection, transaction, $"DELETE FROM {d.Table(CleanupTablesSchema.Policies)} WHERE name = @name", ("name", name));
            deleted += one.ExecuteNonQuery();
        }
        return deleted;
    }

    private static void RefuseForeign(SqlDialect d, DbConnection connection, DbTransaction transaction)
    {
        var columns = d.Columns(connection, transaction, CleanupTablesSchema.Policies);
        if (!columns.Contains("name") || !columns.Contains("retention_seconds"))
            throw new ConfigurationException($"The table '{CleanupTablesSchema.Policies}' is not this tool's policy table (it has no name and retention_seconds columns); it is left as it is.");
    }

    private static StoredPolicy ReadRow(SqlDialect d, DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
        var name = reader.GetString(0);
        T? Parse<T>(int i) where T : struct, Enum =>
            Text(i) is not { } text ? null
            : Enum.TryParse<T>(text.Replace("_", ""), ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
            : throw new ConfigurationException($"The stored policy '{name}' has an unknown {typeof(T).Name} '{text}'.");
        return new StoredPolicy(
            name,
            StoredRetention.Read(name, reader.GetValue(1)),
            SqlDialect.BooleanFromDb(reader.GetValue(2)),
            Text(3),
            reader.IsDBNull(4) ? null : d.TimestampFromDb(reader.GetValue(4)),
            Text(5))
        {
            TargetKind = Parse<PolicyTargetKind>(6) ?? PolicyTargetKind.JobStatus,
            Status = Parse<JobStatus>(7),
            Component = Parse<DataComponent>(8),
            Root = Text(9),
            Patterns = Text(10)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>(),
            MatchStatus = Text(11),
            Action = Parse<CleanupAction>(12),
            KeepNewest = reader.IsDBNull(13) ? null : checked((int)Convert.ToInt64(reader.GetValue(13), CultureInfo.InvariantCulture)),
            KeepNewestPerWorkflow = !reader.IsDBNull(14) && SqlDialect.BooleanFromDb(reader.GetValue(14)),
        };
    }

    /// <summary>snake_case names in the table, as the rest of the schema is written.</summary>
    internal static string Token<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
