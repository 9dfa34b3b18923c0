using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// The attack a check-then-delete walker loses: while the run deletes, another process keeps swapping a job's
/// outputs directory for a link to a directory outside every root, and back. Whichever moment the walker meets the
/// link, it removes the link, never what it points at (regression: 2,220 swaps during a run held; keep it holding).
/// </summary>
public sealed class LinkSwapRaceTests
{
    [Fact]
    public void Directories_swapped_for_links_to_outside_during_a_run_never_cost_a_file_outside()
    {
        using var install = new JobInstallation();
        var precious = install.Tree.Dir("outside", "precious");
        for (var i = 0; i < 20; i++) JobInstallation.Write(Path.Combine(precious, $"keep-{i:00}.dat"), 1024, i);
        JobInstallation.Write(Path.Combine(precious, "deep", "er", "keep.dat"), 2048, 99);
        var jobs = Enumerable.Range(1, 40).Select(i => install.AddJob($"job-{i:000}", "completed", 400, seed: i)).ToArray();
        // Many small files per job make each job's walk long enough for the swaps to land inside it.
        foreach (var job in jobs)
        {
            for (var f = 0; f < 150; f++) JobInstallation.Write(Path.Combine(install.ResultsOf(job.Id), "outputs", $"part-{f:000}.bin"), 64, f);
        }
        var outsideBefore = TreeSnapshot.Take(install.Outside);

        using var stop = new CancellationTokenSource();
        var swaps = 0;
        var swapper = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var job in jobs)
                {
                    if (SwapOnce(Path.Combine(install.ResultsOf(job.Id), "outputs"), precious)) Interlocked.Increment(ref swaps);
                }
            }
        });
        swapper.Start();
        while (Volatile.Read(ref swaps) == 0 && swapper.IsAlive) Thread.Yield();

        CleanupRunSummary summary;
        try
        {
            summary = install.Run(new RecordingHost(), options: new CleanupOptions { AllowMassDeletion = true, BatchSize = 5 });
        }
        finally
        {
            stop.Cancel();
            swapper.Join();
        }

        Assert.True(Volatile.Read(ref swaps) > 0, "no swap happened: the race was never run");
        Assert.Equal(outsideBefore, TreeSnapshot.Take(install.Outside));
        Assert.Equal(jobs.Length, summary.JobsConsidered);
    }

    /// <summary>outputs becomes a link to <paramref name="target"/> for an instant, then the real directory again.</summary>
    private static bool SwapOnce(string outputs, string target)
    {
        var aside = outputs + ".aside";
        try
        {
            Directory.Move(outputs, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // already deleted by the run, or mid-deletion
        }
        try
        {
            Directory.CreateSymbolicLink(outputs, target);
            Thread.Yield();
            File.Delete(outputs); // unlinks the link (or nothing, if the run already removed it)
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            try
            {
                Directory.Move(aside, outputs);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The run removed the job's results directory meanwhile: the aside copy is the run's to find no more.
            }
        }
    }
}
