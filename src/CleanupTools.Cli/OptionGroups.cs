namespace CleanupTools.Cli;

/// <summary>
/// The shared options a command reads, by group: each command adds only its groups (<see cref="CommonOptions.AddTo"/>),
/// so its help shows what it uses, under the headings of <see cref="HelpSections"/>.
/// </summary>
[Flags]
public enum OptionGroups
{
    None = 0,
    /// <summary>--base-dir and --db-path: where the SQLite job database is.</summary>
    Store = 1,
    /// <summary>--connection-string and reference 001's --db-host, --db-port, --db-name, --db-user, --db-password.</summary>
    Postgres = 2,
    /// <summary>The job table's name, columns and status words, for applications whose schema differs; a store opens only with them.</summary>
    Schema = 4,
    /// <summary>--results-dir, --uploads-dir, --temp-dir, --logs-dir, --backup-dir: where job data and backups are.</summary>
    Roots = 8,
    /// <summary>--success-retention(-days), --failed-retention(-hours): the retention parameters.</summary>
    Retention = 16,
    /// <summary>--batch-size: jobs per database page or transaction.</summary>
    BatchSize = 32,
    /// <summary>--max-workers (--workers): jobs deleted at the same time.</summary>
    Workers = 64,
    /// <summary>--verbose (--debug): each decision on stderr.</summary>
    Verbose = 128,

    /// <summary>What opening the store takes: SQLite or PostgreSQL, and the job table's mapping.</summary>
    StoreAccess = Store | Postgres | Schema,
    /// <summary>What evaluating jobs against the policies takes (candidates, stats, run).</summary>
    Evaluation = StoreAccess | Roots | Retention | BatchSize,
}
