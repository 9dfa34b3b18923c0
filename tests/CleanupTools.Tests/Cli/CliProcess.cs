using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CleanupTools.Demo;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Cli;

/// <summary>What one `dotnet cleanuptools.dll ...` process printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({e.Message}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>A running CLI process whose output is being collected.</summary>
public sealed class CliChild : IDisposable
{
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly string _command;

    public CliChild(Process process, Task<string> stdout, Task<string> stderr, string command)
    {
        Process = process;
        _stdout = stdout;
        _stderr = stderr;
        _command = command;
    }

    public Process Process { get; }

    /// <summary>Waits for the exit (a hang guard only, never a timing assertion) and returns what it printed.</summary>
    public CliResult Finish()
    {
        if (!Process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            Process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"cleanuptools {_command} did not finish");
        }
        Process.WaitForExit();
        return new CliResult(Process.ExitCode, _stdout.GetAwaiter().GetResult(), _stderr.GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}

/// <summary>
/// Runs the built CLI as a separate process, as cron does: its own working directory and an environment
/// stripped of every variable the tool reads, plus exactly those a test passes.
/// </summary>
public static class CliProcess
{
    private static readonly string[] ToolPrefixes = { "CLEANUPTOOLS_", "EEMT_", "TEMP_STORAGE_CLEANUP_" };

    /// <summary>libpq's variables, which the PostgreSQL store and its driver read: a developer's own must not leak in.</summary>
    private static readonly string[] PostgresVariables = { "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPASSFILE", "PGOPTIONS", "PGSSLMODE" };

    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(workingDirectory, environment, args).Finish();

    /// <summary>Starts the CLI without waiting, for tests that run several at once or kill one.</summary>
    public static CliChild Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(TestPaths.CliDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => ToolPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal)) || PostgresVariables.Contains(k)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new CliChild(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), string.Join(' ', args));
    }

    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    /// <summary>The dotnet host running the tests, for children that must use the same SDK and runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            var self = Environment.ProcessPath;
            if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        }
    }
}

/// <summary>A demo installation (DemoStoreBuilder, real clock, because the CLI runs on the real clock) and read access to its rows.</summary>
public sealed class DemoInstallation : IDisposable
{
    public DemoInstallation()
    {
        Tree = new TempTree();
        Base = Tree.Path("store");
        Work = Tree.Dir("work");
        JobCount = DemoStoreBuilder.Create(Base, TimeProvider.System);
    }

    /// <summary>Wraps a store the CLI's own `demo` command wrote.</summary>
    public DemoInstallation(TempTree tree, string baseDir)
    {
        Tree = tree;
        Base = baseDir;
        Work = tree.Dir("work");
        JobCount = -1;
    }

    public TempTree Tree { get; }
    public string Base { get; }
    /// <summary>An empty working directory for the child process, so nothing defaults into the repository.</summary>
    public string Work { get; }
    public int JobCount { get; }
    public string DbPath => System.IO.Path.Combine(Base, "jobs.db");

    public CliResult Cli(params string[] args) => CliProcess.Run(Work, null, args);

    public CliResult Cli(IReadOnlyDictionary<string, string> environment, params string[] args) => CliProcess.Run(Work, environment, args);

    public sealed record Row(string Id, string Status, string? Dem, string? CleanedAt);

    public List<Row> Rows()
    {
        using var connection = Connect();
        var hasCleaned = HasColumn(connection, "data_cleaned_at");
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, status, dem_filename, {(hasCleaned ? "data_cleaned_at" : "NULL")} FROM jobs ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return rows;
    }

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public long ScalarCount(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static string StoreTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Which of a job's three entries exist (results/&lt;id&gt;, uploads/&lt;dem&gt;, temp/&lt;id&gt;).</summary>
    public (bool Results, bool Upload, bool Temp) EntriesOf(Row row, string? results = null, string? uploads = null, string? temp = null) => (
        Directory.Exists(System.IO.Path.Combine(results ?? System.IO.Path.Combine(Base, "results"), row.Id)),
        row.Dem is not null && File.Exists(System.IO.Path.Combine(uploads ?? System.IO.Path.Combine(Base, "uploads"), row.Dem)),
        Directory.Exists(System.IO.Path.Combine(temp ?? System.IO.Path.Combine(Base, "temp"), row.Id)));

    public SortedDictionary<string, string> Snapshot() => Safety.TreeSnapshot.Take(Tree.Root);

    public void Dispose() => Tree.Dispose();

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static bool HasColumn(SqliteConnection connection, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = $c";
        command.Parameters.AddWithValue("$c", column);
        return (long)command.ExecuteScalar()! > 0;
    }
}
