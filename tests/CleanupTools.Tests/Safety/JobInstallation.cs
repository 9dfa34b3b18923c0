using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A real installation in a temporary tree, laid out as reference 000's: BASE/jobs.db (a real SQLite jobs
/// table, left un-migrated as an application's database is), BASE/results/&lt;id&gt;/, BASE/uploads/&lt;dem&gt;,
/// BASE/temp/&lt;id&gt;/, plus an OUTSIDE directory next to BASE for link targets and sentinels. Time is a
/// <see cref="FixedClock"/>, so ages are exact.
/// </summary>
public sealed class JobInstallation : IDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public JobInstallation(DateTimeOffset? now = null)
    {
        Tree = new TempTree();
        Clock = new FixedClock(now ?? DefaultNow);
        Base = Tree.Dir("base");
        Outside = Tree.Dir("outside");
        Results = Tree.Dir("base", "results");
        Uploads = Tree.Dir("base", "uploads");
        Temp = Tree.Dir("base", "temp");
        DbPath = System.IO.Path.Combine(Base, "jobs.db");
        Execute(Demo.ReferenceSchema.JobsTable);
    }

    public TempTree Tree { get; }
    public FixedClock Clock { get; }
    public string Base { get; }
    public string Outside { get; }
    public string Results { get; }
    public string Uploads { get; }
    public string Temp { get; }
    public string DbPath { get; }

    public string ResultsOf(string id) => System.IO.Path.Combine(Results, id);
    public string UploadOf(string dem) => System.IO.Path.Combine(Uploads, dem);
    public string TempOf(string id) => System.IO.Path.Combine(Temp, id);

    /// <summary>SQLite's datetime('now') text for the instant <paramref name="hours"/> before the clock.</summary>
    public string HoursAgo(double hours) => StoreTime(Clock.Now.AddHours(-hours));

    public static string StoreTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Inserts a row only; <paramref name="completedAt"/> is stored as given (text, or null).</summary>
    public void InsertRow(string id, string status, object? completedAt, string? dem) =>
        Execute("INSERT INTO jobs (id, workflow_type, status, created_at, completed_at, dem_filename, parameters) VALUES ($id, 'eemt', $status, $created, $completed, $dem, '{\"step\": 1}')",
            ("$id", id), ("$status", status), ("$created", HoursAgo(5000)), ("$completed", completedAt), ("$dem", dem));

    /// <summary>
    /// Inserts a job that completed <paramref name="ageHours"/> ago (null: no completed_at) and writes its files:
    /// results/&lt;id&gt;/outputs/day_001.tif and workflow.log, uploads/&lt;id&gt;_dem.tif, temp/&lt;id&gt;/scratch.bin.
    /// </summary>
    public JobFiles AddJob(string id, string status = "completed", double? ageHours = 500, bool withFiles = true, int seed = 1)
    {
        var dem = $"{id}_dem.tif";
        InsertRow(id, status, ageHours is { } h ? HoursAgo(h) : null, dem);
        if (!withFiles) return new JobFiles(id, dem, 0, 0, 0);
        var outputs = Directory.CreateDirectory(System.IO.Path.Combine(ResultsOf(id), "outputs")).FullName;
        var tif = 3000 + 97 * seed;
        Write(System.IO.Path.Combine(outputs, "day_001.tif"), tif, seed);
        Write(System.IO.Path.Combine(ResultsOf(id), "workflow.log"), 211, seed + 1);
        Write(UploadOf(dem), 5000 + 13 * seed, seed + 2);
        Directory.CreateDirectory(TempOf(id));
        Write(System.IO.Path.Combine(TempOf(id), "scratch.bin"), 777, seed + 3);
        // What deleting each frees on disk (allocated blocks, directories included), as the engine reports it.
        var bytes = DiskUsage.Each(ResultsOf(id), UploadOf(dem), TempOf(id));
        return new JobFiles(id, dem, bytes[0], bytes[1], bytes[2]);
    }

    public static void Write(string path, int bytes, int seed = 0)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(path, data);
    }

    /// <summary>True when something (file, directory or link, even a dangling one) is at <paramref name="path"/>.</summary>
    public static bool Present(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    public bool AnyPresent(JobFiles job) => Present(ResultsOf(job.Id)) || Present(UploadOf(job.Dem!)) || Present(TempOf(job.Id));
    public bool AllPresent(JobFiles job) => Present(ResultsOf(job.Id)) && Present(UploadOf(job.Dem!)) && Present(TempOf(job.Id));

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DbPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public bool HasColumn(string column) =>
        Convert.ToInt64(Scalar("SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = $c", ("$c", column)), CultureInfo.InvariantCulture) > 0;

    /// <summary>data_cleaned_at of a row, null when unset or when the column was never added.</summary>
    public string? CleanedAt(string id) =>
        HasColumn("data_cleaned_at") ? (string?)Scalar("SELECT data_cleaned_at FROM jobs WHERE id = $id", ("$id", id)) : null;

    /// <summary>cleanup_summary of a row parsed, or null when unset or the column was never added.</summary>
    public JsonElement? Summary(string id)
    {
        if (!HasColumn("cleanup_summary")) return null;
        var text = (string?)Scalar("SELECT cleanup_summary FROM jobs WHERE id = $id", ("$id", id));
        return text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
    }

    public long RowCount() => Convert.ToInt64(Scalar("SELECT COUNT(*) FROM jobs"), CultureInfo.InvariantCulture);

    /// <summary>Opens a context on this installation with an injected environment (none by default) and the fixed clock.</summary>
    public CleanupContext Open(CleanupOptions? options = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        options ??= new CleanupOptions();
        options.BaseDir ??= Base;
        return CleanupContext.Open(options, new EnvironmentReader(environment ?? new Dictionary<string, string?>()), Clock, Base);
    }

    /// <summary>
    /// Opens a context whose store is this installation's real store seen through an <see cref="InterceptingJobStore"/>,
    /// so a test can change the real database at a chosen moment of a run.
    /// </summary>
    public CleanupContext OpenIntercepted(out InterceptingJobStore store, CleanupOptions? options = null)
    {
        options ??= new CleanupOptions();
        options.BaseDir ??= Base;
        InterceptingJobStore? wrapper = null;
        var context = CleanupContext.Open(options, new EnvironmentReader(new Dictionary<string, string?>()), Clock, Base, real => wrapper = new InterceptingJobStore(real));
        store = wrapper!;
        return context;
    }

    /// <summary>One CleanupRun over the store (RunEligible) or over the given ids (Add, as the pipeline does).</summary>
    public CleanupRunSummary Run(RecordingHost host, bool? dryRun = null, bool whatIf = false, CleanupOptions? options = null, IEnumerable<string>? ids = null)
    {
        using var context = Open(options);
        using var run = new CleanupRun(context, host, dryRun, whatIf);
        if (ids is null) run.RunEligible(CandidateFilter.None);
        else foreach (var id in ids) run.Add(id);
        return run.Complete();
    }

    /// <summary>Stores a policy change through the engine with a host that approves; returns the policy as it now resolves.</summary>
    public RetentionPolicy SetPolicy(PolicyChange change)
    {
        using var context = Open();
        return PolicyService.Set(context, change, new RecordingHost())
               ?? throw new Xunit.Sdk.XunitException("PolicyService.Set returned null with a host that said yes");
    }

    /// <summary>Adds a hold through the engine with a host that approves.</summary>
    public CleanupHold AddHold(HoldKind kind, string target, string reason, DateTimeOffset? expires = null)
    {
        using var context = Open();
        return HoldService.Add(context, kind, target, reason, expires, new RecordingHost())
               ?? throw new Xunit.Sdk.XunitException("HoldService.Add returned null with a host that said yes");
    }

    /// <summary>The audit rows of this installation's store, oldest first, as "item_kind item action outcome".</summary>
    public IReadOnlyList<string> AuditRows()
    {
        if (Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cleanup_audit'") is 0L) return Array.Empty<string>();
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_kind || ' ' || item || ' ' || action || ' ' || outcome FROM cleanup_audit ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Every job row as text, every column, in id order: what "the store's jobs are untouched" compares.</summary>
    public IReadOnlyList<string> JobRows()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM jobs ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}")));
        return rows;
    }

    /// <summary>Every entry of the whole temporary tree (installation, db and outside), without following links.</summary>
    public SortedDictionary<string, string> Snapshot() => TreeSnapshot.Take(Tree.Root);

    public void Dispose() => Tree.Dispose();

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

/// <summary>A job written by <see cref="JobInstallation.AddJob"/> and the bytes of each of its three entries.</summary>
public sealed record JobFiles(string Id, string? Dem, long ResultsBytes, long UploadBytes, long TempBytes)
{
    public long TotalBytes => ResultsBytes + UploadBytes + TempBytes;
}

/// <summary>A content snapshot of a tree: relative path to "dir", "link -> target" or "file len sha256"; links are never followed.</summary>
public static class TreeSnapshot
{
    public static SortedDictionary<string, string> Take(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(root, root, entries);
        return entries;
    }

    /// <summary>The entries of <paramref name="before"/> that are not at or under any of <paramref name="removedPaths"/> (full paths).</summary>
    public static SortedDictionary<string, string> Without(SortedDictionary<string, string> before, string root, IEnumerable<string> removedPaths)
    {
        var removed = removedPaths.Select(p => Path.GetRelativePath(root, p)).ToArray();
        return new SortedDictionary<string, string>(
            before.Where(e => !removed.Any(r => e.Key == r || e.Key.StartsWith(r + "/", StringComparison.Ordinal))).ToDictionary(e => e.Key, e => e.Value),
            StringComparer.Ordinal);
    }

    private static void Walk(string root, string directory, SortedDictionary<string, string> entries)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            var relative = Path.GetRelativePath(root, path);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                entries[relative] = $"link -> {target}";
            }
            else if (Directory.Exists(path))
            {
                entries[relative] = "dir";
                Walk(root, path, entries);
            }
            else
            {
                entries[relative] = $"file {info.Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}";
            }
        }
    }
}
