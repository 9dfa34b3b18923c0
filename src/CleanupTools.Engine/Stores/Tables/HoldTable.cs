using System.Data.Common;
using System.Globalization;

namespace CleanupTools.Stores.Tables;

/// <summary>cleanup_holds: one row per hold, unique per kind and target.</summary>
internal static class HoldTable
{
    public static IReadOnlyList<CleanupHold> Read(SqlDialect d, DbConnection connection, DbTransaction? transaction = null)
    {
        var holds = new List<CleanupHold>();
        if (d.Columns(connection, transaction, CleanupTablesSchema.Holds).Count == 0) return holds;
        using var command = d.Command(connection, transaction,
            $"SELECT id, kind, target, reason, expires_at, created_at, created_by FROM {d.Table(CleanupTablesSchema.Holds)} ORDER BY id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // A kind this version does not know is read as a path hold on its target: it protects more, never less.
            var kind = string.Equals(reader.GetString(1), "job", StringComparison.OrdinalIgnoreCase) ? HoldKind.Job : HoldKind.Path;
            holds.Add(new CleanupHold
            {
                Id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                Kind = kind,
                Target = reader.GetString(2),
                Reason = reader.GetString(3),
                ExpiresAt = reader.IsDBNull(4) ? null : d.TimestampFromDb(reader.GetValue(4)),
                CreatedAt = d.TimestampFromDb(reader.GetValue(5)) ?? DateTimeOffset.MinValue,
                CreatedBy = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }
        return holds;
    }

    public static CleanupHold Save(SqlDialect d, DbConnection connection, DbTransaction transaction, CleanupHold hold)
    {
        using (var command = d.Command(connection, transaction, $"""
            INSERT INTO {d.Table(CleanupTablesSchema.Holds)} (kind, target, reason, expires_at, created_at, created_by)
            VALUES (@kind, @target, @reason, @expires, @created, @by)
            ON CONFLICT (kind, target) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at,
                created_at = excluded.created_at, created_by = excluded.created_by
            """,
            ("kind", hold.Kind.ToString().ToLowerInvariant()),
            ("target", hold.Target),
            ("reason", hold.Reason),
            // Whole seconds on both stores (SQLite keeps no fractions), so a hold expires at the same instant on either.
            ("expires", hold.ExpiresAt is { } e ? d.ToDb(SqlDialect.WholeSeconds(e)) : null),
            ("created", d.ToDb(SqlDialect.WholeSeconds(hold.CreatedAt))),
            ("by", hold.CreatedBy)))
        {
            command.ExecuteNonQuery();
        }
        return Read(d, connection, transaction).Single(h => h.Kind == hold.Kind && h.Target == hold.Target);
    }

    public static int Remove(SqlDialect d, DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids)
    {
        var removed = 0;
        foreach (var id in ids)
        {
            using var command = d.Command(connection, transaction, $"DELETE FROM {d.Table(CleanupTablesSchema.Holds)} WHERE id = @id", ("id", id));
            removed += command.ExecuteNonQuery();
        }
        return removed;
    }
}
