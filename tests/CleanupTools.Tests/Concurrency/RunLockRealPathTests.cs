using CleanupTools.Tests.Cli;

namespace CleanupTools.Tests.Concurrency;

/// <summary>
/// The SQLite run lock is keyed on the database file, not on how a run spells its path: with BASE/jobs.db a link
/// to D/jobs.db, a run through each spelling contends for one lock, so every job is processed exactly once.
/// </summary>
public sealed class RunLockRealPathTests
{
    [Fact]
    public void Two_runs_through_two_spellings_of_a_linked_database_process_every_job_once()
    {
        using var store = new SqliteSharedStore(300);
        var realDirectory = store.Tree.Dir("D");
        var realDb = Path.Combine(realDirectory, "jobs.db");
        File.Move(store.DbPath, realDb);
        File.CreateSymbolicLink(store.DbPath, realDb);
        var holders = new[] { store.DbPath, realDb }.Select(p => p + ".cleanuptools-lock.holder").ToArray();

        using var first = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", "--base-dir", store.Base, "--json", "--batch-size", "10", "--max-workers", "1"]);
        // The second starts once the first holds the lock (its holder file written, under either spelling).
        // The file is created before its line is written, so it is read until the line is there.
        string? holder = null;
        var holderText = "";
        while (!holderText.Contains("pid", StringComparison.Ordinal) && !first.Process.HasExited)
        {
            holder = holders.FirstOrDefault(File.Exists);
            holderText = holder is null ? "" : ReadOrEmpty(holder);
            Thread.Sleep(2);
        }
        using var second = CliProcess.Start(store.Base, null, ["run", "--allow-mass-deletion", "--base-dir", store.Base, "--db-path", realDb, "--json", "--lock-timeout", "120"]);

        var results = new[] { first.Finish(), second.Finish() };

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var processed = results.SelectMany(r => r.Json().GetProperty("job_details").EnumerateArray().Select(d => d.GetProperty("job_id").GetString()!)).ToList();
        Assert.Equal(store.ExpiredIds.Order(StringComparer.Ordinal), processed.Order(StringComparer.Ordinal));
        Assert.Equal(store.ExpiredIds.ToHashSet(), store.CleanedIds());
        Assert.Equal(holders[1], holder); // beside the real database, whichever spelling took it
        Assert.Contains($"database {realDb}", holderText);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return ""; // the holder finished in between
        }
    }
}
