using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Contract;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// Several worker processes on one store split the jobs between them: over 10,000 jobs, every expired job is
/// deleted and recorded by exactly one worker, and the running ones by none. Runs on both stores.
/// </summary>
public abstract class WorkerSplitProcessContract
{
    protected abstract SharedStore Create(int expiredJobs, int runningJobs);

    [ContractFact]
    public void Three_workers_over_10000_jobs_process_each_job_exactly_once()
    {
        using var store = Create(10_000, 20);

        var workers = Enumerable.Range(0, 3)
            .Select(_ => CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", .. store.StoreArgs, "--worker", "--json", "--batch-size", "50"]))
            .ToList();
        var results = workers.Select(w => w.Finish()).ToList();
        workers.ForEach(w => w.Dispose());

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var processed = results
            .SelectMany(r => r.Json().GetProperty("job_details").EnumerateArray())
            .Where(d => d.GetProperty("outcome").GetString() == "Deleted")
            .Select(d => d.GetProperty("job_id").GetString()!)
            .ToList();
        Assert.Equal(store.ExpiredIds.Count, processed.Count);
        Assert.Equal(store.ExpiredIds.OrderBy(i => i, StringComparer.Ordinal), processed.OrderBy(i => i, StringComparer.Ordinal));
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
        Assert.All(store.RunningIds, id => Assert.True(store.HasFiles(id), id));
        // The work really was shared: no single worker did it all.
        Assert.True(results.Count(r => r.Json().GetProperty("job_details").GetArrayLength() > 0) >= 2,
            string.Join(", ", results.Select(r => r.Json().GetProperty("job_details").GetArrayLength())));
    }
}

public sealed class SqliteWorkerSplitProcessTests : WorkerSplitProcessContract
{
    protected override SharedStore Create(int expiredJobs, int runningJobs) => new SqliteSharedStore(expiredJobs, runningJobs);
}

[RequiresPostgres]
public sealed class PostgresWorkerSplitProcessTests : WorkerSplitProcessContract
{
    protected override SharedStore Create(int expiredJobs, int runningJobs) => new PostgresSharedStore(expiredJobs, runningJobs);
}
