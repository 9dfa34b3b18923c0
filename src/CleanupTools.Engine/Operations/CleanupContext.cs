using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Stores;
using CleanupTools.Stores.Postgres;
using CleanupTools.Stores.Sqlite;

namespace CleanupTools.Operations;

/// <summary>
/// Everything one invocation works with: the resolved settings, the open store, the policies in force and the
/// clock. Opening it validates all configuration and changes nothing on disk.
/// </summary>
public sealed class CleanupContext : IDisposable
{
    private CleanupContext(CleanupSettings settings, IJobStore store, RetentionPolicySet policies, TimeProvider clock, CleanupOptions options, EnvironmentReader environment, string currentDirectory)
    {
        Origin = new StoreOrigin(options, currentDirectory, settings, store.Description);
        Settings = settings;
        Store = store;
        Policies = policies;
        Clock = clock;
        Options = options;
        Environment = environment;
        Evaluator = new CandidateEvaluator(policies, clock);
    }

    public CleanupSettings Settings { get; }
    public IJobStore Store { get; }
    public RetentionPolicySet Policies { get; }
    public CandidateEvaluator Evaluator { get; }
    public TimeProvider Clock { get; }
    public CleanupOptions Options { get; }
    public EnvironmentReader Environment { get; }

    /// <summary>Reports the store's schema changes to a host: one warning per store, the details as verbose lines.</summary>
    public void ReportSchemaChanges(IOperationHost host) => (_schemaChanges ??= new SchemaChangeReport(Store)).Report(host);

    private SchemaChangeReport? _schemaChanges;

    /// <summary>Where this context's store and roots are, stamped on what it finds so it can be acted on there again.</summary>
    public StoreOrigin Origin { get; }

    /// <summary>
    /// The backup root, checked to lie apart from every root the tool deletes under (job roots and path-class
    /// roots): purging backups must never reach live data, nor cleaning a root the backups.
    /// </summary>
    public FileSystem.Backups.BackupRoot BackupRoot => _backupRoot ??= FileSystem.Backups.BackupRoot.Create(Settings.BackupDir,
        Settings.Roots.Concat(Policies.PathClasses.Where(p => p.Root is not null).Select(p => StorageRoot.Create(p.Name, p.Root!))));

    private FileSystem.Backups.BackupRoot? _backupRoot;

    /// <summary>
    /// A path class's root as a storage root, refused when it overlaps a job root, the backup root or holds the
    /// store: a pattern such as **/*.log would otherwise reach the logs of running jobs or the database itself.
    /// </summary>
    public StorageRoot PathClassRoot(string policy, string root)
    {
        var storage = StorageRoot.Create(policy, root);
        foreach (var (what, other) in Settings.Roots.Select(r => ($"{r.Name} directory", r.Path)).Append(("backup directory", Settings.BackupDir)))
        {
            if (FileSystem.PathRelations.Relation(storage.Path, other) is { } relation)
                throw new ConfigurationException($"The root of {policy} '{storage.Path}' {relation} the {what} '{other}'; path classes must be kept apart from job data and backups.");
        }
        if (Settings.Postgres is null && FileSystem.PathRelations.Relation(Path.GetDirectoryName(Settings.DbPath)!, storage.Path) is "is" or "lies inside")
            throw new ConfigurationException($"The root of {policy} '{storage.Path}' holds the job database '{Settings.DbPath}'; choose a directory without it.");
        return storage;
    }

    /// <summary>Whether the logs root exists at all: when it does not (most installations), no job is looked for in it.</summary>
    internal bool LogsRootExists => _logsRootExists ??= Directory.Exists(Settings.Logs.Path);

    private bool? _logsRootExists;

    /// <summary>Reads the holds as they are now into the evaluator: runs call this before every batch, so a new hold protects at once.</summary>
    public void RefreshHolds() => Evaluator.Holds = new HoldSet(Store.GetHolds(), Clock.GetUtcNow());

    /// <summary>
    /// Ranks the jobs of policies that keep the newest N (one read-only pass over the store, memory bounded by N per
    /// group); does nothing when no policy keeps any, or when already ranked.
    /// </summary>
    public void PrepareRanking()
    {
        if (!Policies.AnyKeepNewest || Evaluator.Newest is not null) return;
        var statuses = new[] { JobStatus.Completed, JobStatus.Failed }.SelectMany(Settings.Mapping.RawValuesFor).Distinct(StringComparer.Ordinal).ToArray();
        Evaluator.Newest = NewestLedger.Build(Store.StreamJobs(new JobQuery(statuses), Settings.BatchSize), Policies);
    }

    public static CleanupContext Open(CleanupOptions options, EnvironmentReader environment, TimeProvider clock, string currentDirectory) =>
        Open(options, environment, clock, currentDirectory, store => store);

    /// <summary>
    /// Opens with the store seen through <paramref name="wrap"/>: the tests put the real store behind a wrapper that
    /// changes the real database at a chosen moment of a run, as an application would.
    /// </summary>
    internal static CleanupContext Open(CleanupOptions options, EnvironmentReader environment, TimeProvider clock, string currentDirectory, Func<IJobStore, IJobStore> wrap)
    {
        var settings = SettingsResolver.Resolve(options, environment, currentDirectory);
        IJobStore store = wrap(settings.Postgres is { } postgres
            ? PostgresJobStore.Open(postgres, settings.Mapping)
            : SqliteJobStore.Open(settings.DbPath, settings.Mapping));
        try
        {
            var policies = PolicyResolver.Resolve(options, environment, store.GetStoredPolicies());
            return new CleanupContext(settings, store, policies, clock, options, environment, currentDirectory);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Opens with the process environment and the system clock, as the front ends do.</summary>
    public static CleanupContext Open(CleanupOptions options, string currentDirectory) =>
        Open(options, EnvironmentReader.FromProcess(), TimeProvider.System, currentDirectory);

    /// <summary>Opens the store and roots a candidate came from, with every other option from <paramref name="options"/>.</summary>
    public static CleanupContext Open(CleanupOptions options, StoreOrigin origin) =>
        Open(options.WithLocationOf(origin), origin.CurrentDirectory);

    public void Dispose() => Store.Dispose();
}
