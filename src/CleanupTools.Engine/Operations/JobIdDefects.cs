using CleanupTools.Stores;

namespace CleanupTools.Operations;

/// <summary>
/// What a run says about an id column without a unique or NOT NULL rule: rows that share an id are refused one error
/// per id (no row of them is touched), and rows without an id are passed over with one warning that counts them.
/// </summary>
internal static class JobIdDefects
{
    public static OperationError Duplicate(string id, int rows) => new("DuplicateJobId", ErrorKind.InvalidData,
        $"{rows} rows share the id '{id}' in the job table; {(rows == 2 ? "neither" : "none of them")} is touched, because a deletion could not be told to belong to one of them. Give each row its own id.", id);

    public static void WarnAboutNullIds(CleanupContext context, JobQuery query, IOperationHost host)
    {
        var count = context.Store.CountJobsWithoutId(query);
        if (count > 0)
            host.WriteWarning($"{count} row(s) in the table '{context.Settings.Mapping.Table}' have no id (NULL in '{context.Settings.Mapping.IdColumn}'); they are skipped, since a job without an id cannot be named, recorded or cleaned.");
    }
}
