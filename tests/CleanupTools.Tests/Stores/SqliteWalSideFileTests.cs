using CleanupTools.Operations;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// Reading a WAL-mode store (a dry run, a preview, a report) leaves its directory as it was: no -wal or -shm file
/// where there was none, the application's own left in place, and rows the application wrote into its WAL seen.
/// </summary>
public sealed class SqliteWalSideFileTests : IDisposable
{
    private readonly Installation _installation = new();

    public SqliteWalSideFileTests()
    {
        JobsDb.Execute(_installation.DbPath, "PRAGMA journal_mode = WAL");
        Assert.Empty(JobsDb.SideFiles(_installation.DbPath)); // the last close removed them: the store starts clean
    }

    public void Dispose() => _installation.Dispose();

    private string[] Listing() =>
        Directory.GetFiles(_installation.Tree.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private void ReadEverywayThroughTheEngine(RecordingHost host)
    {
        using var context = _installation.Open();
        CandidateFinder.Run(context, CandidateFilter.None, includeKept: true, host);
        using (var run = new CleanupRun(context, host, dryRun: true))
        {
            run.RunEligible(CandidateFilter.None);
            run.Complete();
        }
        StorageStatReport.Run(context, host);
    }

    [Fact]
    public void Candidates_a_dry_run_and_stats_leave_no_side_file_beside_a_wal_database()
    {
        var listing = Listing();
        var bytes = File.ReadAllBytes(_installation.DbPath);
        var host = new RecordingHost();

        ReadEverywayThroughTheEngine(host);

        Assert.Equal(Installation.EligibleIds, host.Of<CleanupResult>().Select(r => r.JobId).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "jobs.db" }, listing);
        Assert.Equal(listing, Listing());
        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
    }

    [Fact]
    public void The_cli_s_candidates_dry_run_and_stats_leave_no_side_file_beside_a_wal_database()
    {
        var listing = Listing();
        var bytes = File.ReadAllBytes(_installation.DbPath);

        foreach (var args in new[] { new[] { "candidates", "--json" }, new[] { "run", "--dry-run", "--json" }, new[] { "stats", "--json" } })
        {
            var result = CliProcess.Run(_installation.Tree.Root, [.. args, "--base-dir", _installation.Tree.Root]);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: {result}");
            Assert.Equal(listing, Listing());
        }
        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
    }

    [Fact]
    public void While_the_application_has_the_wal_database_open_its_side_files_stay_and_its_uncheckpointed_rows_are_read()
    {
        using var application = JobsDb.Open(_installation.DbPath);
        using (var insert = application.CreateCommand())
        {
            insert.CommandText = "INSERT INTO jobs (id, workflow_type, status, completed_at) VALUES ('job-w', 'sol', 'completed', '2024-01-01 00:00:00')";
            insert.ExecuteNonQuery();
        }
        _installation.Tree.File("results/job-w/out.tif", 100);
        var listing = Listing();
        Assert.Contains("jobs.db-wal", listing);
        Assert.Contains("jobs.db-shm", listing);
        var host = new RecordingHost();

        ReadEverywayThroughTheEngine(host);

        Assert.Contains("job-w", host.Of<CleanupResult>().Select(r => r.JobId)); // only in the WAL: read through it
        Assert.Equal(listing, Listing());
        using (var insert = application.CreateCommand())
        {
            insert.CommandText = "INSERT INTO jobs (id, workflow_type, status) VALUES ('job-x', 'sol', 'running')";
            Assert.Equal(1, insert.ExecuteNonQuery()); // the application's connection goes on writing
        }
    }

    [Fact]
    public void Side_files_found_with_nobody_holding_them_stay_and_the_main_file_is_not_written()
    {
        // A crashed application's WAL: the files copied while a connection had them open, with a row only in the WAL.
        Directory.CreateDirectory(_installation.Tree.Path("live"));
        var live = JobsDb.Create(_installation.Tree.Path("live", "jobs.db"), Installation.Row("job-a", "completed", 200, "a.tif"));
        JobsDb.Execute(live, "PRAGMA journal_mode = WAL");
        using (var application = JobsDb.Open(live))
        {
            using var insert = application.CreateCommand();
            insert.CommandText = "INSERT INTO jobs (id, workflow_type, status, completed_at) VALUES ('job-w', 'sol', 'completed', '2024-01-01 00:00:00')";
            insert.ExecuteNonQuery();
            File.Delete(_installation.DbPath);
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Copy(live + suffix, _installation.DbPath + suffix);
        }
        var listing = Listing();
        var bytes = File.ReadAllBytes(_installation.DbPath);
        var host = new RecordingHost();

        ReadEverywayThroughTheEngine(host);

        Assert.Contains("job-w", host.Of<CleanupResult>().Select(r => r.JobId));
        Assert.Equal(new[] { "jobs.db", "jobs.db-shm", "jobs.db-wal" }, listing);
        Assert.Equal(listing, Listing());
        Assert.Equal(bytes, File.ReadAllBytes(_installation.DbPath));
    }

    [Fact]
    public void A_real_run_on_a_wal_database_leaves_no_side_file_and_its_marks_in_the_main_file()
    {
        var listing = Listing();

        var result = CliProcess.Run(_installation.Tree.Root, "run", "--json", "--allow-mass-deletion", "--base-dir", _installation.Tree.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(listing, Listing());
        Assert.NotEmpty(JobsDb.Rows(_installation.DbPath, "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL"));
    }
}
