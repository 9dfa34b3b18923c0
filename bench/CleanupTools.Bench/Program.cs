using System.Diagnostics;
using System.Globalization;
using CleanupTools.Bench;

// cleanuptools run vs rm -rf of exactly the same paths, on identical copies, in the same run. See bench/README.md.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    // --streaming N,N: the large-job-table benchmark (StreamingBench.cs), with its own options.
    if (StreamingOptions.Requested(args)) return new StreamingBench(StreamingOptions.Parse(args)).Run();
    var options = BenchOptions.Parse(args);
    if (options.GenerateOnly is { } target)
    {
        // A store to profile by hand (bench/README.md): the first size, nothing timed, nothing deleted.
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new ArgumentException($"--generate needs an empty or new directory: {target}");
        var layout = StoreGenerator.Generate(target, options.Sizes[0], options.FilesPerJob, DateTime.UtcNow);
        Console.WriteLine($"{target}: {layout.Jobs.Count} jobs, {layout.TotalFiles} files; {layout.Eligible.Count()} jobs eligible " +
                          $"({layout.EligibleFiles} files, {layout.EligiblePaths.Count} paths), {layout.Kept.Count()} to keep");
        return 0;
    }
    return new Benchmark(options).Run();
}
catch (BenchmarkFailure e)
{
    Console.Error.WriteLine($"BENCHMARK FAILED: {e.Message}");
    return 2;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    Console.Error.WriteLine(StreamingOptions.Requested(args) ? StreamingOptions.Usage : BenchOptions.Usage);
    return 64;
}

namespace CleanupTools.Bench
{
    public sealed class BenchOptions
    {
        public const string Usage = """
            usage: CleanupTools.Bench --cli PATH/cleanuptools[.dll] --work DIR [options]
              --sizes 500,1000,2000   job counts to measure (each job has --files-per-job files)
              --files-per-job 20      files per job (>= 8): results/<id>/ tree, uploads/<dem>, temp/<id>/
              --reps 5                repetitions per size on fresh copies, alternating which side runs first
              --startup-reps 5        repetitions of `cleanuptools --help` (and of a no-op rm)
              --tool-arg ARG          extra argument for `cleanuptools run` (repeatable), e.g. --tool-arg=--max-workers=2
              --timeout-seconds 900   per child process
              --rm-arg-bytes 1048576  argument bytes per rm process (xargs-style batching beyond it; ARG_MAX is 2 MiB)
              --enforce               exit 3 when the target (<= 1.00x at >= 20,000 store files) is missed
            or:    CleanupTools.Bench --generate DIR [--sizes N] [--files-per-job F]
              writes one store of N jobs (the first size) to DIR for profiling by hand, and exits
            or:    CleanupTools.Bench --streaming 100000,1000000 --cli ... --work DIR [options]
              large job tables without files: candidates, run --dry-run and run (see --streaming --help)
            """;

        public required string Cli { get; init; }
        public required string Work { get; init; }
        public IReadOnlyList<int> Sizes { get; init; } = new[] { 500, 1000, 2000 };
        public int FilesPerJob { get; init; } = 20;
        public int Reps { get; init; } = 5;
        public int StartupReps { get; init; } = 5;
        public IReadOnlyList<string> ToolArgs { get; init; } = Array.Empty<string>();
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(900);
        public bool Enforce { get; init; }
        public int RmArgumentBytes { get; init; } = 1 << 20;
        public string? GenerateOnly { get; init; }

        public static BenchOptions Parse(string[] args)
        {
            string? cli = null, work = null, generate = null;
            int[]? sizes = null;
            int filesPerJob = 20, reps = 5, startupReps = 5, timeout = 900, rmArgBytes = 1 << 20;
            var toolArgs = new List<string>();
            var enforce = false;
            var reader = new ArgReader(args);
            while (reader.Next())
            {
                switch (reader.Name)
                {
                    case "--cli": cli = reader.Value(); break;
                    case "--work": work = reader.Value(); break;
                    case "--sizes": sizes = reader.Counts(); break;
                    case "--files-per-job": filesPerJob = reader.Int(StoreGenerator.MinFilesPerJob); break;
                    case "--reps": reps = reader.Int(1); break;
                    case "--startup-reps": startupReps = reader.Int(1); break;
                    case "--tool-arg": toolArgs.Add(reader.Value()); break;
                    case "--timeout-seconds": timeout = reader.Int(1); break;
                    case "--enforce": enforce = true; break;
                    case "--rm-arg-bytes": rmArgBytes = reader.Int(256); break;
                    case "--generate": generate = reader.Value(); break;
                    case "-h" or "--help": Console.WriteLine(Usage); Environment.Exit(0); break;
                    default: throw new ArgumentException($"unknown argument '{reader.Given}'");
                }
            }
            if (generate is not null)
                return new BenchOptions { Cli = "", Work = "", GenerateOnly = Path.GetFullPath(generate), Sizes = sizes ?? new[] { 500 }, FilesPerJob = filesPerJob };
            if (cli is null || !File.Exists(cli)) throw new ArgumentException($"--cli must name the published cleanuptools (native) or cleanuptools.dll (got '{cli}')");
            if (work is null) throw new ArgumentException("--work is required");
            return new BenchOptions
            {
                Cli = Path.GetFullPath(cli),
                Work = Path.GetFullPath(work),
                Sizes = sizes ?? new[] { 500, 1000, 2000 },
                FilesPerJob = filesPerJob,
                Reps = reps,
                StartupReps = startupReps,
                ToolArgs = toolArgs,
                Timeout = TimeSpan.FromSeconds(timeout),
                Enforce = enforce,
                RmArgumentBytes = rmArgBytes,
            };
        }
    }

    public sealed record SizeResult(int Jobs, int StoreFiles, int Files, int Directories, int Paths, int Kept, double ToolMs, double RmMs, double ToolRssMb, double RmRssMb,
        IReadOnlyDictionary<string, double> Phases);

    public sealed class Benchmark(BenchOptions options)
    {
        /// <summary>The issue's targets: at most this ratio to rm -rf on stores of at least this many files.</summary>
        public static readonly (int Files, double Ratio)[] Targets = { (20_000, 1.0), (80_000, 0.8) };

        /// <summary>
        /// The tool's own arguments. The mass-deletion guard stays on (its pass over the store is part of a real run's
        /// cost); every old job is meant to go, so it is told that up to all of a class may: one in 100 jobs is kept anyway.
        /// </summary>
        private static readonly string[] RunArguments = { "--json", "--max-deletion-percent", "100" };

        public int Run()
        {
            Directory.CreateDirectory(options.Work);
            Console.WriteLine("cleanuptools run vs rm -rf of the same paths (identical copies, same run)");
            Console.WriteLine($"  cli:     {string.Join(' ', ToolCommand(options, ["run", "--base-dir", "<copy>", .. RunArguments]))}{string.Concat(options.ToolArgs.Select(a => " " + a))}");
            Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, work dir {options.Work} ({Shell.FileSystemType(options.Work)})");
            Console.WriteLine($"  sizes:   {string.Join(", ", options.Sizes)} jobs x {options.FilesPerJob} files; {options.Reps} reps each (medians); peak RSS from {ChildProcess.RssSource}");
            Console.WriteLine($"  load:    {Shell.LoadAverage()} at start (anything else running on the {Environment.ProcessorCount} cores skews both sides)");
            Console.WriteLine();

            var (startupMs, startupRssMb) = MeasureStartup(["--help"]);
            var empty = Path.Combine(options.Work, "empty-store");
            Shell.DeleteTree(empty);
            StoreGenerator.Generate(empty, 0, options.FilesPerJob, DateTime.UtcNow);
            var (emptyRunMs, emptyRunRssMb) = MeasureStartup(["run", "--base-dir", empty, "--json", .. options.ToolArgs]);
            Shell.DeleteTree(empty);
            var (rmNoopMs, _) = MeasureRmNoop();
            Console.WriteLine($"start-up (medians of {options.StartupReps}): `cleanuptools --help` {startupMs:0} ms, peak RSS {startupRssMb:0.0} MB; " +
                              $"`cleanuptools run` on an empty store {emptyRunMs:0} ms, {emptyRunRssMb:0.0} MB; `rm -rf` of nothing {rmNoopMs:0.0} ms");
            Console.WriteLine();

            var results = options.Sizes.Select(MeasureSize).ToList();

            Console.WriteLine();
            Console.WriteLine($"load average at the end: {Shell.LoadAverage()}");
            PrintTable(results, startupMs, emptyRunMs);
            PrintPhases(results);
            return Summarize(results, startupRssMb);
        }

        private SizeResult MeasureSize(int jobs)
        {
            var template = Path.Combine(options.Work, $"template-{jobs}");
            Shell.DeleteTree(template);
            var clock = Stopwatch.StartNew();
            var layout = StoreGenerator.Generate(template, jobs, options.FilesPerJob, DateTime.UtcNow);
            Console.WriteLine($"[{jobs} jobs] generated {layout.TotalFiles} files ({layout.Kept.Count()} jobs to keep) in {clock.ElapsedMilliseconds} ms");
            var allocated = Shell.AllocatedBytes(template, layout.EligiblePaths);

            // rm gets exactly the eligible paths, relative to the copy (it runs there), in as few processes as fit.
            var chunks = Chunk(layout.EligiblePaths, options.RmArgumentBytes);
            var tool = new List<Measurement>();
            var phases = new List<Dictionary<string, double>>();
            var rm = new List<Measurement>();
            for (var rep = 0; rep < options.Reps; rep++)
            {
                var dir = Path.Combine(options.Work, $"run-{jobs}-{rep}");
                var a = Path.Combine(dir, "A");
                var b = Path.Combine(dir, "B");
                Shell.DeleteTree(dir);
                Directory.CreateDirectory(dir);
                Shell.Exec("cp", "-a", template, a);
                Shell.Exec("cp", "-a", template, b);

                var toolFirst = rep % 2 == 0;
                Measurement? t = null, r = null;
                for (var side = 0; side < 2; side++)
                {
                    Shell.Exec("sync"); // neither side pays for the other's (or the copy's) write-back
                    if ((side == 0) == toolFirst) t = RunTool(a, Path.Combine(dir, "tool"), layout, allocated);
                    else r = RunRm(b, chunks, Path.Combine(dir, "rm"), layout);
                }
                Verifier.CheckSameTree(a, b);
                tool.Add(t!);
                phases.Add(ToolPhases.Read(Path.Combine(dir, "tool") + ".err", t!.WallMs));
                rm.Add(r!);
                Console.WriteLine($"[{jobs} jobs] rep {rep + 1}/{options.Reps} ({(toolFirst ? "tool first" : "rm first")}): " +
                                  $"cleanuptools {t!.WallMs,7:0} ms, {t.PeakRssMb,5:0.0} MB | rm -rf {r!.WallMs,7:0} ms ({chunks.Count} process{(chunks.Count == 1 ? "" : "es")}) | {t.WallMs / r.WallMs:0.00}x  verified");
                Shell.DeleteTree(dir);
            }
            Shell.DeleteTree(template);
            return new SizeResult(jobs, layout.TotalFiles, layout.EligibleFiles, layout.EligibleDirectories, layout.EligiblePaths.Count, layout.Kept.Count(),
                Median(tool.Select(m => m.WallMs)), Median(rm.Select(m => m.WallMs)),
                Median(tool.Select(m => m.PeakRssMb)), Median(rm.Select(m => m.PeakRssMb)),
                phases[0].Keys.ToDictionary(k => k, k => Median(phases.Select(p => p[k]))));
        }

        private Measurement RunTool(string copy, string outputPrefix, StoreLayout layout, long allocatedBytes)
        {
            // Every old job is meant to go: the mass-deletion guard would stop the run it measures.
            var arguments = ToolCommand(options, ["run", "--base-dir", copy, .. RunArguments]);
            arguments.AddRange(options.ToolArgs);
            var m = ChildProcess.Run(arguments[0], arguments.Skip(1).ToList(), copy, outputPrefix, options.Timeout,
                new Dictionary<string, string> { [ToolPhases.Variable] = "1" });
            if (m.ExitCode != 0)
                throw new BenchmarkFailure($"cleanuptools exited {m.ExitCode}: {Shell.Tail(outputPrefix + ".err")}");
            Verifier.CheckDisk(copy, layout, "cleanuptools");
            Verifier.CheckReport(outputPrefix + ".out", layout, allocatedBytes);
            Verifier.CheckRecords(copy, layout);
            return m;
        }

        private Measurement RunRm(string copy, IReadOnlyList<List<string>> chunks, string outputPrefix, StoreLayout layout)
        {
            var total = 0.0;
            var rss = 0.0;
            for (var i = 0; i < chunks.Count; i++)
            {
                var m = ChildProcess.Run("rm", new[] { "-rf", "--" }.Concat(chunks[i]).ToList(), copy, $"{outputPrefix}{i}", options.Timeout);
                if (m.ExitCode != 0) throw new BenchmarkFailure($"rm -rf exited {m.ExitCode}: {Shell.Tail($"{outputPrefix}{i}.err")}");
                total += m.WallMs;
                rss = Math.Max(rss, m.PeakRssMb);
            }
            Verifier.CheckDisk(copy, layout, "rm -rf");
            return new Measurement(total, rss, 0);
        }

        /// <summary>
        /// The command line of the tool: a published native executable runs as itself, a .dll through `dotnet`.
        /// </summary>
        private static List<string> ToolCommand(BenchOptions options, params string[] arguments) =>
            options.Cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? ["dotnet", options.Cli, .. arguments]
                : [options.Cli, .. arguments];

        /// <summary>The tool's fixed cost: `cleanuptools ARGS` with nothing to delete.</summary>
        private (double Ms, double RssMb) MeasureStartup(IReadOnlyList<string> arguments)
        {
            var probe = Path.Combine(options.Work, "startup");
            var runs = Enumerable.Range(0, options.StartupReps + 1).Select(_ =>
            {
                var command = ToolCommand(options, arguments.ToArray());
                var m = ChildProcess.Run(command[0], command.Skip(1).ToList(), options.Work, probe, options.Timeout);
                if (m.ExitCode != 0) throw new BenchmarkFailure($"`{string.Join(' ', command)}` exited {m.ExitCode}: {Shell.Tail(probe + ".err")}");
                return m;
            }).Skip(1).ToList(); // the first warms the page cache for the runtime's files
            return (Median(runs.Select(m => m.WallMs)), Median(runs.Select(m => m.PeakRssMb)));
        }

        private (double Ms, double RssMb) MeasureRmNoop()
        {
            var probe = Path.Combine(options.Work, "rm-noop");
            var runs = Enumerable.Range(0, options.StartupReps + 1)
                .Select(_ => ChildProcess.Run("rm", new[] { "-rf", "--", "does-not-exist" }, options.Work, probe, options.Timeout))
                .Skip(1).ToList();
            return (Median(runs.Select(m => m.WallMs)), Median(runs.Select(m => m.PeakRssMb)));
        }

        private void PrintTable(IReadOnlyList<SizeResult> results, double startupMs, double emptyRunMs)
        {
            Console.WriteLine($"medians of {options.Reps} reps; ratio = cleanuptools / rm -rf (wall clock, each a child process of this benchmark);");
            Console.WriteLine($"'excl. start-up' takes the {startupMs:0} ms `--help` start-up off the tool, 'excl. fixed' the {emptyRunMs:0} ms empty-store run");
            Console.WriteLine();
            Console.WriteLine("|  jobs | store files | files deleted | dirs deleted | cleanuptools ms | rm -rf ms | ratio | excl. start-up | excl. fixed | tool peak RSS MB |");
            Console.WriteLine("|------:|------------:|--------------:|-------------:|----------------:|----------:|------:|---------------:|------------:|-----------------:|");
            foreach (var r in results)
            {
                Console.WriteLine($"| {r.Jobs,5} | {r.StoreFiles,11} | {r.Files,13} | {r.Directories,12} | {r.ToolMs,15:0} | {r.RmMs,9:0} | {r.ToolMs / r.RmMs,4:0.00}x | " +
                                  $"{(r.ToolMs - startupMs) / r.RmMs,13:0.00}x | {(r.ToolMs - emptyRunMs) / r.RmMs,10:0.00}x | {r.ToolRssMb,16:0.0} |");
            }
            Console.WriteLine();
        }

        /// <summary>Where the tool's wall time went, per size (medians over the reps of each phase): shares add up to 100 %.</summary>
        private static void PrintPhases(IReadOnlyList<SizeResult> results)
        {
            Console.WriteLine("where the tool's time goes (medians, % of its wall time; the calling thread's phases follow one another, the");
            Console.WriteLine("deletion runs on the workers behind them, and 'deletion wait' is the part of it nothing else hid; see bench/README.md):");
            Console.WriteLine();
            var shown = ToolPhases.Shares.Select(s => (s.Key, Title: s.Title.PadLeft(7))).ToArray();
            Console.WriteLine($"|  jobs | tool ms | {string.Join(" | ", shown.Select(s => s.Title))} | workers: delete / re-check ms (summed) |");
            Console.WriteLine($"|------:|--------:|{string.Concat(shown.Select(s => new string('-', s.Title.Length + 1) + ":|"))}----------------------------------------:|");
            foreach (var r in results)
            {
                var cells = shown.Select(s => $"{100 * r.Phases[s.Key] / r.ToolMs,5:0.0} %".PadLeft(s.Title.Length));
                Console.WriteLine($"| {r.Jobs,5} | {r.ToolMs,7:0} | {string.Join(" | ", cells)} | {r.Phases["workers.delete"],18:0} / {r.Phases["workers.recheck"],-18:0} |");
            }
            Console.WriteLine();
        }

        private int Summarize(IReadOnlyList<SizeResult> results, double startupRssMb)
        {
            var smallest = results.MinBy(r => r.Jobs)!;
            var largest = results.MaxBy(r => r.Jobs)!;
            if (results.Count > 1)
            {
                Console.WriteLine($"memory flatness: tool peak RSS at {largest.Jobs} jobs / at {smallest.Jobs} jobs = {largest.ToolRssMb / smallest.ToolRssMb:0.00}x " +
                                  $"({smallest.ToolRssMb:0.0} MB -> {largest.ToolRssMb:0.0} MB for {(double)largest.Jobs / smallest.Jobs:0.#}x the jobs; `--help` alone peaks at {startupRssMb:0.0} MB)");
            }
            var allMet = true;
            foreach (var (files, ratio) in Targets)
            {
                var judged = results.Where(r => r.StoreFiles >= files).ToList();
                if (judged.Count == 0)
                {
                    Console.WriteLine($"target (<= {ratio:0.00}x rm -rf at >= {files:N0} store files): not judged, no store reaches {files:N0} files");
                    continue;
                }
                var worst = judged.Max(r => r.ToolMs / r.RmMs);
                var met = worst <= ratio;
                allMet &= met;
                Console.WriteLine($"target (<= {ratio:0.00}x rm -rf at >= {files:N0} store files): {(met ? "MET" : "NOT MET")}, worst {worst:0.00}x over {judged.Count} size(s)");
            }
            return allMet || !options.Enforce ? 0 : 3;
        }

        /// <summary>xargs-style batching: as many paths per rm as stay under <paramref name="maxBytes"/> (ARG_MAX also holds the environment).</summary>
        private static List<List<string>> Chunk(IReadOnlyList<string> paths, int maxBytes)
        {
            var chunks = new List<List<string>> { new() };
            var bytes = 0;
            foreach (var path in paths)
            {
                var cost = System.Text.Encoding.UTF8.GetByteCount(path) + 1 + IntPtr.Size;
                if (bytes + cost > maxBytes && chunks[^1].Count > 0)
                {
                    chunks.Add(new List<string>());
                    bytes = 0;
                }
                chunks[^1].Add(path);
                bytes += cost;
            }
            return chunks;
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
