using CleanupTools.Configuration;

namespace CleanupTools;

/// <summary>
/// The store and roots a candidate was found in, so a run it is piped into acts on that same installation, and a
/// run given candidates of another one refuses them rather than guessing. Shows only its description: the options it
/// reopens with (a PostgreSQL password among them) never leave the engine. Type name: CleanupTools.StoreOrigin.
/// </summary>
public sealed class StoreOrigin
{
    private readonly string _identity;

    internal StoreOrigin(CleanupOptions options, string currentDirectory, CleanupSettings settings, string description)
    {
        Location = CleanupOptions.LocationOf(options);
        CurrentDirectory = currentDirectory;
        Description = description;
        // The store, its table and every root a plan deletes under: the same job id elsewhere is another job.
        _identity = string.Join("\n", new[] { description, settings.Mapping.Table }
            .Concat(settings.Roots.Select(r => r.Path)).Append(settings.BackupDir));
    }

    /// <summary>The store, as the run reports it (for example "SQLite /srv/eemt/jobs.db").</summary>
    public string Description { get; }

    internal CleanupOptions Location { get; }

    internal string CurrentDirectory { get; }

    /// <summary>Whether both name the same store, table and roots.</summary>
    public bool SameAs(StoreOrigin other) => string.Equals(_identity, other._identity, StringComparison.Ordinal);

    public override string ToString() => Description;
}
