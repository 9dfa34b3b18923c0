using CleanupTools.Configuration;
using CleanupTools.Stores;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// An installation with many expired jobs (each with a results dir and an upload) plus a few running ones,
/// on the real clock because the CLI processes under test run on it; one subclass per store.
/// </summary>
public abstract class SharedStore : IDisposable
{
    protected SharedStore(int expiredJobs, int runningJobs)
    {
        Tree = new TempTree();
        Base = Tree.Dir("base");
        foreach (var root in new[] { "results", "uploads", "temp" }) Directory.CreateDirectory(Path.Combine(Base, root));
        for (var i = 0; i < expiredJobs + runningJobs; i++)
        {
            var running = i >= expiredJobs;
            var jobId = JobId(i, running);
            var results = Directory.CreateDirectory(Path.Combine(Base, "results", jobId)).FullName;
            File.WriteAllBytes(Path.Combine(results, "out.tif"), new byte[64]);
            File.WriteAllBytes(Path.Combine(Base, "uploads", $"{jobId}.tif"), new byte[32]);
            (running ? RunningIds : ExpiredIds).Add(jobId);
        }
    }

    public TempTree Tree { get; }
    public string Base { get; }
    public List<string> ExpiredIds { get; } = new();
    public List<string> RunningIds { get; } = new();

    /// <summary>The CLI options that point a run at this store and its roots.</summary>
    public abstract string[] StoreArgs { get; }

    public abstract HashSet<string> CleanedIds();

    /// <summary>Everything the store holds, schema and rows, as one comparable value.</summary>
    public abstract string Fingerprint();

    /// <summary>Opens the store in this process, as another run would.</summary>
    public abstract IJobStore OpenStore();

    /// <summary>Whether the process <paramref name="pid"/> holds the run lock now.</summary>
    public abstract bool HeldBy(int pid);

    public bool HasFiles(string jobId) =>
        Directory.Exists(Path.Combine(Base, "results", jobId)) || File.Exists(Path.Combine(Base, "uploads", $"{jobId}.tif"));

    public IDisposable HoldRunLock(out IJobStore store)
    {
        store = OpenStore();
        return store.AcquireRunLock(RunHolder.Current(TimeProvider.System), TimeSpan.Zero, CancellationToken.None);
    }

    protected static string JobId(int i, bool running) => running ? $"job-run-{i:00000}" : $"job-{i:00000}";

    protected static string Status(int i, bool running) => running ? "running" : (i % 4 == 0 ? "failed" : "completed");

    protected static JobTableMapping Mapping => new();

    public virtual void Dispose() => Tree.Dispose();
}
