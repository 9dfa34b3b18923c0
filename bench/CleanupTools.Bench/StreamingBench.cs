using System.Diagnostics;
using System.Globalization;

namespace CleanupTools.Bench;

public sealed class StreamingOptions
{
    public const string Usage = """
        usage: CleanupTools.Bench --streaming 100000,1000000 --cli PATH/cleanuptools[.dll] --work DIR [options]
          --streaming N,N,...      row counts: one generated jobs table per count (no job has files on disk)
          --store all              sqlite, postgres or all (postgres needs CLEANUPTOOLS_TEST_PG; all skips it when unset)
          --dem-filenames set      set: every row names its upload (uploads/<id>_dem.tif), as the application writes it;
                                   null: none does, which takes the shared-upload check out of the measurement
          --keep-every 20          one row in N is kept (running, pending, or completed/failed inside its retention)
          --budget-seconds 30      time limit per command: the larger of this and rows / --min-rate; a command
          --min-rate 5000          still running then is killed and reported, and skipped at larger counts, as is
                                   one whose time at a smaller count, scaled linearly, would overrun the limit
          --flat-limit 1.5         memory counts as flat when peak RSS at the largest count / at the smallest <= this
          --shared-upload          also measure, at each count, a table whose rows all name one upload ("shared upload"),
                                   and print its time against the distinct-upload table's at the same count
          --tool-arg ARG           extra argument for every cleanuptools command (repeatable), e.g. --tool-arg=--batch-size=1000
          --enforce                exit 3 unless every command finished at every count, with flat memory and linear time
        """;

    public required string Cli { get; init; }
    public required string Work { get; init; }
    public required IReadOnlyList<int> Sizes { get; init; }
    public bool Sqlite { get; init; } = true;
    public bool Postgres { get; init; } = true;
    public bool DemFilenames { get; init; } = true;
    public int KeepEvery { get; init; } = 20;
    public TimeSpan BudgetFloor { get; init; } = TimeSpan.FromSeconds(30);
    public int MinRate { get; init; } = 5000;
    public double FlatLimit { get; init; } = 1.5;
    public IReadOnlyList<string> ToolArgs { get; init; } = Array.Empty<string>();
    public bool Enforce { get; init; }
    public bool SharedUpload { get; init; }

    /// <summary>The time limit of one command over a table of <paramref name="rows"/>.</summary>
    public TimeSpan Budget(int rows) => TimeSpan.FromSeconds(Math.Max(BudgetFloor.TotalSeconds, Math.Ceiling((double)rows / MinRate)));

    public static bool Requested(string[] args) => args.Any(a => a == "--streaming" || a.StartsWith("--streaming=", StringComparison.Ordinal));

    public static StreamingOptions Parse(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(Usage);
            Environment.Exit(0);
        }
        string? cli = null, work = null, store = "all", dem = "set";
        int[]? sizes = null;
        int keepEvery = 20, budget = 30, minRate = 5000;
        var flat = 1.5;
        var toolArgs = new List<string>();
        var enforce = false;
        var sharedUpload = false;
        var reader = new ArgReader(args);
        while (reader.Next())
        {
            switch (reader.Name)
            {
                case "--cli": cli = reader.Value(); break;
                case "--work": work = reader.Value(); break;
                case "--streaming": sizes = reader.Counts().Distinct().Order().ToArray(); break;
                case "--store": store = reader.Value(); break;
                case "--dem-filenames": dem = reader.Value(); break;
                case "--keep-every": keepEvery = reader.Int(2); break;
                case "--budget-seconds": budget = reader.Int(1); break;
                case "--min-rate": minRate = reader.Int(1); break;
                case "--flat-limit":
                    flat = double.TryParse(reader.Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f >= 1 ? f : throw new ArgumentException("--flat-limit needs a number >= 1");
                    break;
                case "--tool-arg": toolArgs.Add(reader.Value()); break;
                case "--enforce": enforce = true; break;
                case "--shared-upload": sharedUpload = true; break;
                default: throw new ArgumentException($"unknown argument '{reader.Given}' (with --streaming)");
            }
        }
        if (cli is null || !File.Exists(cli)) throw new ArgumentException($"--cli must name the published cleanuptools (native) or cleanuptools.dll (got '{cli}')");
        if (work is null) throw new ArgumentException("--work is required");
        if (store is not ("all" or "sqlite" or "postgres")) throw new ArgumentException("--store is sqlite, postgres or all");
        if (dem is not ("set" or "null")) throw new ArgumentException("--dem-filenames is set or null");
        if (sharedUpload && dem == "null") throw new ArgumentException("--shared-upload compares with distinct uploads: it needs --dem-filenames set");
        if (store == "postgres" && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(StreamingBench.PostgresVariable)))
            throw new ArgumentException($"--store postgres needs {StreamingBench.PostgresVariable} (scripts/pg-test-cluster.sh start && eval \"$(scripts/pg-test-cluster.sh env)\")");
        return new StreamingOptions
        {
            Cli = Path.GetFullPath(cli),
            Work = Path.GetFullPath(work),
            Sizes = sizes!,
            Sqlite = store is "all" or "sqlite",
            Postgres = store is "all" or "postgres",
            DemFilenames = dem == "set",
            KeepEvery = keepEvery,
            BudgetFloor = TimeSpan.FromSeconds(budget),
            MinRate = minRate,
            FlatLimit = flat,
            ToolArgs = toolArgs,
            Enforce = enforce,
            SharedUpload = sharedUpload,
        };
    }
}

/// <summary>
/// The streaming benchmark (bench/README.md, "Streaming"): for each row count, a generated jobs table whose
/// rows have no files, so what `candidates`, `run --dry-run` and `run` cost is reading, evaluating and recording
/// rows; wall time, rows per second and peak RSS per count, and whether memory stays flat and time linear.
/// </summary>
public sealed class StreamingBench(StreamingOptions options)
{
    public const string PostgresVariable = "CLEANUPTOOLS_TEST_PG";

    private sealed record Command(string Name, string[] Arguments, bool OnCopy);

    private static readonly Command[] Commands =
    {
        new("candidates", new[] { "candidates", "--json" }, false),
        new("run --dry-run", new[] { "run", "--dry-run", "--json" }, false),
        // The guard's counting pass is left out (every old row is meant to go), so figures compare with earlier runs.
        new("run", new[] { "run", "--json", "--allow-mass-deletion" }, true),
    };

    private sealed record Cell(string Store, int Rows, long Expired, string Command, Measurement? Result, string? Skipped);

    private readonly List<Cell> _cells = new();
    private readonly List<(string Store, double Ms, double RssMb)> _floors = new();

    public int Run()
    {
        Directory.CreateDirectory(options.Work);
        var output = Path.Combine(options.Work, "out");
        Directory.CreateDirectory(output);
        var now = DateTime.UtcNow;
        Console.WriteLine("streaming: cleanuptools over large job tables whose jobs have no files (the store is the cost)");
        Console.WriteLine($"  cli:     {options.Cli}{string.Concat(options.ToolArgs.Select(a => " " + a))}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, work dir {options.Work} ({Shell.FileSystemType(options.Work)})");
        Console.WriteLine($"  rows:    {string.Join(", ", options.Sizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))}; one row in {options.KeepEvery} kept " +
                          $"(running/pending/recent), the rest expired; dem_filename {(options.DemFilenames ? "set on every row" : "NULL on every row")}");
        Console.WriteLine($"  budget:  per command {string.Join(", ", options.Sizes.Select(n => $"{options.Budget(n).TotalSeconds:0} s at {n:N0} rows"))} " +
                          $"(the larger of {options.BudgetFloor.TotalSeconds:0} s and rows / {options.MinRate:N0} per s); one run of each command per count");
        Console.WriteLine($"  rss:     peak RSS from {ChildProcess.RssSource}");
        Console.WriteLine($"  load:    {Shell.LoadAverage()} at start");
        Console.WriteLine();

        var stores = new List<Func<StreamingStore>>();
        if (options.Sqlite) stores.Add(() => new SqliteStreamingStore(options.Work));
        if (options.Postgres)
        {
            var connection = Environment.GetEnvironmentVariable(PostgresVariable);
            if (!string.IsNullOrWhiteSpace(connection)) stores.Add(() => new PostgresStreamingStore(connection, options.Work));
            else Console.WriteLine($"PostgreSQL: skipped, {PostgresVariable} is not set (scripts/pg-test-cluster.sh start && eval \"$(scripts/pg-test-cluster.sh env)\" to include it)\n");
        }

        foreach (var open in stores)
        {
            using var store = open();
            MeasureStore(store, now, output);
        }

        Console.WriteLine($"load average at the end: {Shell.LoadAverage()}");
        Console.WriteLine();
        return Summarize();
    }

    private void MeasureStore(StreamingStore store, DateTime now, string output)
    {
        Console.WriteLine($"[{store.Kind}] {store.Description}");
        // The floor: everything a run costs with nothing to read (runtime, connection, the queries on an empty table).
        using (var empty = store.Create("empty", new StreamingRows(0, options.KeepEvery, now, options.DemFilenames)))
        {
            var m = Measure(store, empty, Commands[1], Path.Combine(output, $"{store.Kind}-empty"), options.Budget(0));
            if (m.TimedOut || m.ExitCode != 0) throw new BenchmarkFailure($"[{store.Kind}] `run --dry-run` on an empty table: {(m.TimedOut ? "timed out" : $"exit {m.ExitCode}")}");
            _floors.Add((store.Kind, m.WallMs, m.PeakRssMb));
            Console.WriteLine($"[{store.Kind}] floor: `run --dry-run --json` on an empty table {m.WallMs:0} ms, peak RSS {m.PeakRssMb:0.0} MB");
        }

        foreach (var size in options.Sizes)
        {
            MeasureTable(store, store.Kind, size, new StreamingRows(size, options.KeepEvery, now, options.DemFilenames), output);
            // The same rows naming one upload: what the shared-upload check costs when thousands of jobs share a file.
            if (options.SharedUpload)
                MeasureTable(store, SharedLabel(store.Kind), size, new StreamingRows(size, options.KeepEvery, now, options.DemFilenames, sharedUpload: true), output);
        }
        Console.WriteLine();
    }

    private static string SharedLabel(string kind) => $"{kind}, shared upload";

    /// <summary>The three commands over one generated table (and its copy), as cells labelled <paramref name="label"/>.</summary>
    private void MeasureTable(StreamingStore store, string label, int size, StreamingRows rows, string output)
    {
        var skips = Commands.Select(c => SkipReason(label, size, c.Name)).ToArray();
        if (skips.All(s => s is not null))
        {
            for (var i = 0; i < Commands.Length; i++)
            {
                _cells.Add(new Cell(label, size, rows.Expired, Commands[i].Name, null, skips[i]));
                Console.WriteLine($"[{label} {size:N0}] {Commands[i].Name,-13} skipped: {skips[i]}");
            }
            return;
        }
        var name = $"{(label == store.Kind ? "" : "shared-")}r{size}";
        var clock = Stopwatch.StartNew();
        using var table = store.Create(name, rows);
        var generated = clock.Elapsed;
        using var copy = table.Copy($"{name}-run");
        Console.WriteLine($"[{label} {size:N0}] generated {size:N0} rows ({rows.Expired:N0} expired, {table.Bytes / 1048576.0:0} MB) in {generated.TotalSeconds:0.0} s, copied in {(clock.Elapsed - generated).TotalSeconds:0.0} s");
        foreach (var command in Commands)
        {
            var skip = skips[Array.IndexOf(Commands, command)];
            if (skip is not null)
            {
                _cells.Add(new Cell(label, size, rows.Expired, command.Name, null, skip));
                Console.WriteLine($"[{label} {size:N0}] {command.Name,-13} skipped: {skip}");
                continue;
            }
            var target = command.OnCopy ? copy : table;
            var prefix = Path.Combine(output, $"{name}-{store.Kind}-{Array.IndexOf(Commands, command)}");
            var m = Measure(store, target, command, prefix, options.Budget(size));
            var who = $"[{label} {size:N0}] `{command.Name}`";
            var note = "";
            if (m.TimedOut)
            {
                note = $"KILLED at the {options.Budget(size).TotalSeconds:0} s budget";
            }
            else
            {
                if (m.ExitCode != 0) throw new BenchmarkFailure($"{who} exited {m.ExitCode}: {Shell.Tail(prefix + ".err")}");
                if (command.Name == "candidates") StreamingVerifier.CheckCandidates(prefix + ".out", rows, who);
                else StreamingVerifier.CheckRunReport(prefix + ".out", rows, command.Name != "run", who);
                note = $"verified {rows.Expired:N0} jobs";
                if (command.OnCopy)
                {
                    StreamingVerifier.CheckCleaned(target, rows, who);
                    note += $", {rows.Expired:N0} rows marked data_cleaned_at";
                }
            }
            _cells.Add(new Cell(label, size, rows.Expired, command.Name, m, null));
            Console.WriteLine($"[{label} {size:N0}] {command.Name,-13} {(m.TimedOut ? ">" : " ")}{m.WallMs / 1000,7:0.00} s {(m.TimedOut ? "<" : " ")}{size / (m.WallMs / 1000),9:N0} rows/s {m.PeakRssMb,7:0.0} MB  {note}");
            File.Delete(prefix + ".out");
        }
    }

    private Measurement Measure(StreamingStore store, StoreTable table, Command command, string prefix, TimeSpan budget)
    {
        var arguments = new List<string>(command.Arguments) { "--base-dir", table.BaseDir };
        arguments.AddRange(table.StoreArguments);
        arguments.AddRange(options.ToolArgs);
        List<string> line = options.Cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet", options.Cli, .. arguments] : [options.Cli, .. arguments];
        Shell.Exec("sync"); // no command pays for the generation's (or the copy's) write-back
        return ChildProcess.Run(line[0], line.Skip(1).ToList(), options.Work, prefix, budget, store.ToolEnvironment, killOnTimeout: true);
    }

    /// <summary>Why not to run a command at this count: it was killed at a smaller one, or even linear scaling would overrun the budget.</summary>
    private string? SkipReason(string store, int size, string command)
    {
        var previous = _cells.LastOrDefault(c => c.Store == store && c.Command == command && c.Rows < size);
        if (previous is null) return null;
        if (previous.Skipped is not null) return $"skipped at {previous.Rows:N0} rows already";
        var m = previous.Result!;
        if (m.TimedOut) return $"killed at the budget with {previous.Rows:N0} rows";
        var linear = m.WallMs * size / previous.Rows;
        var budget = options.Budget(size).TotalMilliseconds;
        return linear > budget
            ? $"{m.WallMs / 1000:0.0} s at {previous.Rows:N0} rows means >= {linear / 1000:0} s at {size:N0} even if linear, over the {budget / 1000:0} s budget"
            : null;
    }

    /// <summary>
    /// "shared upload, N jobs": each command's time on the table whose rows all name one upload, divided by its time on
    /// the distinct-upload table of the same count (about 1x when the shared-upload check is linear; it grew with N
    /// when every batch read all of the upload's users), and the shared table's time per row from the smallest count
    /// to the largest (about 1x when linear, the ratio of the counts when quadratic).
    /// </summary>
    private bool SummarizeSharedUpload()
    {
        var good = true;
        foreach (var shared in _cells.Where(c => c.Store.EndsWith(", shared upload", StringComparison.Ordinal) && c.Result is { TimedOut: false }))
        {
            var distinct = _cells.FirstOrDefault(c => SharedLabel(c.Store) == shared.Store && c.Rows == shared.Rows && c.Command == shared.Command);
            if (distinct?.Result is not { TimedOut: false } baseline) continue;
            var ratio = shared.Result!.WallMs / baseline.WallMs;
            var linear = ratio <= 2.0;
            good &= linear;
            Console.WriteLine($"{shared.Store}, {shared.Rows:N0} jobs, `{shared.Command}`: {shared.Result.WallMs / 1000:0.00} s vs {baseline.WallMs / 1000:0.00} s with distinct uploads = {ratio:0.00}x {(linear ? "LINEAR" : "SUPERLINEAR")}");
        }
        Console.WriteLine();
        return good;
    }

    private int Summarize()
    {
        Console.WriteLine("| store | rows | expired | command | wall s | rows/s | µs/row | peak RSS MB |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach (var c in _cells)
        {
            var rows = c.Rows.ToString("N0", CultureInfo.InvariantCulture);
            var expired = c.Expired.ToString("N0", CultureInfo.InvariantCulture);
            if (c.Result is not { } m)
                Console.WriteLine($"| {c.Store} | {rows} | {expired} | {c.Command} | skipped | | | |");
            else if (m.TimedOut)
                Console.WriteLine($"| {c.Store} | {rows} | {expired} | {c.Command} | > {m.WallMs / 1000:0} (killed) | < {c.Rows / (m.WallMs / 1000):N0} | > {m.WallMs * 1000 / c.Rows:0.0} | {m.PeakRssMb:0.0} at kill |");
            else
                Console.WriteLine($"| {c.Store} | {rows} | {expired} | {c.Command} | {m.WallMs / 1000:0.00} | {c.Rows / (m.WallMs / 1000):N0} | {m.WallMs * 1000 / c.Rows:0.0} | {m.PeakRssMb:0.0} |");
        }
        foreach (var (store, ms, rss) in _floors)
            Console.WriteLine($"| {store} | 0 | 0 | run --dry-run (floor) | {ms / 1000:0.00} | | | {rss:0.0} |");
        Console.WriteLine();

        var good = true;
        foreach (var group in _cells.GroupBy(c => (c.Store, c.Command)))
        {
            var cells = group.OrderBy(c => c.Rows).ToList();
            var name = $"{group.Key.Store} `{group.Key.Command}`";
            var unfinished = cells.FirstOrDefault(c => c.Result is not { TimedOut: false });
            if (unfinished is not null)
            {
                good = false;
                Console.WriteLine($"{name}: NOT MEASURED at {unfinished.Rows:N0} rows ({(unfinished.Result is null ? "skipped: " + unfinished.Skipped : "killed at the budget")})");
                continue;
            }
            if (cells.Count < 2)
            {
                Console.WriteLine($"{name}: one count only; give two or more to judge flatness");
                continue;
            }
            var (small, large) = (cells[0], cells[^1]);
            var memory = large.Result!.PeakRssMb / small.Result!.PeakRssMb;
            var perRow = (large.Result.WallMs / large.Rows) / (small.Result.WallMs / small.Rows);
            var flat = memory <= options.FlatLimit;
            var linear = perRow <= 2.0;
            good &= flat && linear;
            Console.WriteLine($"{name}: memory flatness {memory:0.00}x ({small.Result.PeakRssMb:0.0} MB -> {large.Result.PeakRssMb:0.0} MB for {(double)large.Rows / small.Rows:0.#}x the rows) " +
                              $"{(flat ? "FLAT" : "GROWS")}; time per row {perRow:0.00}x ({small.Result.WallMs * 1000 / small.Rows:0.0} -> {large.Result.WallMs * 1000 / large.Rows:0.0} µs) {(linear ? "LINEAR" : "SUPERLINEAR")}");
        }
        if (options.SharedUpload) good &= SummarizeSharedUpload();
        Console.WriteLine($"target (every command finishes within its budget at every count, peak RSS at most {options.FlatLimit:0.0#}x from the smallest to the largest count, time per row at most 2x): {(good ? "MET" : "NOT MET")}");
        return good || !options.Enforce ? 0 : 3;
    }
}
