using CleanupTools.FileSystem;

namespace CleanupTools.Configuration;

/// <summary>
/// Keeps the job roots (results, uploads, temp, logs) and the backup root apart from each other and from the
/// SQLite database. Entries are named by job id or upload file name, so a root that is, contains or lies inside
/// another lets an id such as 'uploads' or 'jobs.db' reach a whole other root or the store itself. Checked once,
/// lexically and after resolving links (a root reached through a link is its real directory), before any store
/// is opened or anything is read.
/// </summary>
public static class JobRootSeparation
{
    public static void Check(CleanupSettings settings)
    {
        var roots = settings.Roots.Select(r => (What: $"{r.Name} directory", r.Path))
            .Append((What: "backup directory", Path: settings.BackupDir)).ToArray();
        for (var i = 0; i < roots.Length; i++)
        {
            for (var j = i + 1; j < roots.Length; j++)
            {
                var (a, b) = (roots[i], roots[j]);
                if (PathRelations.Relation(a.Path, b.Path) is { } relation)
                    throw new ConfigurationException(
                        $"The {a.What} '{a.Path}' {relation} the {b.What} '{b.Path}'{Resolved(a.Path, b.Path)}; " +
                        "job roots must be kept apart, or cleaning one job's entries could delete another root.");
            }
        }
        // PostgreSQL keeps its data elsewhere; SQLite's file (and its -wal/-journal siblings) sit in its directory.
        if (settings.Postgres is not null) return;
        var database = Path.GetDirectoryName(settings.DbPath)!;
        foreach (var (what, path) in roots)
        {
            if (PathRelations.Relation(database, path) is "is" or "lies inside"
                || PathRelations.Relation(settings.DbPath, path) is "is" or "lies inside")
                throw new ConfigurationException(
                    $"The {what} '{path}' holds the job database '{settings.DbPath}'{Resolved(path, settings.DbPath)}; " +
                    "a job id named like the database would delete it, so choose a directory without it.");
        }
    }

    /// <summary>The real paths, when a link made the difference, so the admin sees why two distinct names collide.</summary>
    private static string Resolved(string path, string other)
    {
        var (real, otherReal) = (PathRelations.Resolve(path), PathRelations.Resolve(other));
        return real == path && otherReal == other ? "" : $" (after resolving links: '{real}' and '{otherReal}')";
    }
}
