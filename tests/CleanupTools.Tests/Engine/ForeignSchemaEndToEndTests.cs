using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Stores;
using CleanupTools.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CleanupTools.Tests.Engine;

/// <summary>
/// Another application's schema, mapped end to end: a real SQLite file with table
/// runs(run_id INTEGER PRIMARY KEY, state TEXT, finished_at TEXT, input_file TEXT).
/// </summary>
public sealed class ForeignSchemaEndToEndTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly TempTree _tree = new();
    private readonly string _db;

    public ForeignSchemaEndToEndTests()
    {
        _db = _tree.Path("app.sqlite");
        using var connection = JobsDb.Open(_db);
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, state TEXT, finished_at TEXT, input_file TEXT)";
            create.ExecuteNonQuery();
        }
        var rows = new (long Id, string? State, string? FinishedHoursAgo, string? Input)[]
        {
            (1, "success", "200", "one.tif"),     // DeleteData
            (2, "SUCCEEDED", "169", null),         // DeleteData, no upload
            (3, "success", "10", "three.tif"),     // within retention
            (4, "error", "13", "four.tif"),        // DeleteAll
            (5, "error", "1", null),               // within retention
            (6, "RUNNING", null, "six.tif"),       // active
            (7, "Success", "500", null),           // wrong case: unknown
            (8, "running", "500", null),           // wrong case: unknown, not active, still never cleaned
            (9, "success", "yesterday", null),     // unreadable
            (10, "error", "2000", "ten.tif"),      // DeleteAll
        };
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO runs VALUES ($id, $state, $finished, $input)";
        foreach (var (id, state, finished, input) in rows)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
            insert.Parameters.AddWithValue("$finished", finished switch
            {
                null => DBNull.Value,
                "yesterday" => "yesterday",
                _ => (Now - TimeSpan.FromHours(double.Parse(finished, CultureInfo.InvariantCulture))).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
            insert.Parameters.AddWithValue("$input", (object?)input ?? DBNull.Value);
            insert.ExecuteNonQuery();
            _tree.File($"results/{id}/out.tif", 1000);
            _tree.File($"temp/{id}/scratch.bin", 10);
            if (input is not null) _tree.File($"uploads/{input}", 100);
        }
    }

    public void Dispose() => _tree.Dispose();

    private static JobTableMapping Mapping() => new()
    {
        Table = "runs",
        IdColumn = "run_id",
        StatusColumn = "state",
        CompletedAtColumn = "finished_at",
        DemFilenameColumn = "input_file",
        CompletedStatuses = new[] { "success", "SUCCEEDED" },
        FailedStatuses = new[] { "error" },
        RunningStatuses = new[] { "RUNNING" },
        PendingStatuses = new[] { "QUEUED" },
    };

    private CleanupContext Open() => CleanupContext.Open(
        new CleanupOptions { BaseDir = _tree.Root, DbPath = _db, Mapping = Mapping(), BatchSize = 3 },
        EnvironmentReader.Empty, new FixedClock(Now), _tree.Root);

    [Fact]
    public void Find_selects_exactly_the_eligible_runs_with_their_actions()
    {
        using var context = Open();
        var host = new RecordingHost();

        var eligible = CandidateFinder.Find(context, CandidateFilter.None, includeKept: false, host).ToList();

        Assert.Equal(new[] { "1", "2", "4", "10" }, eligible.Select(c => c.JobId));
        Assert.Equal(new[] { CleanupAction.DeleteData, CleanupAction.DeleteData, CleanupAction.DeleteAll, CleanupAction.DeleteAll }, eligible.Select(c => c.Action));
        Assert.Equal(new[] { "success", "SUCCEEDED", "error", "error" }, eligible.Select(c => c.RawStatus));
        Assert.All(eligible, c => Assert.Null(c.WorkflowType));
    }

    [Fact]
    public void Find_plans_paths_from_the_mapped_id_and_input_file_columns()
    {
        using var context = Open();

        var byId = CandidateFinder.Find(context, CandidateFilter.None, includeKept: false, new RecordingHost()).ToDictionary(c => c.Target);

        Assert.Equal(new[] { _tree.Path("results", "1"), _tree.Path("uploads", "one.tif"), _tree.Path("temp", "1") }, byId["1"].Paths);
        Assert.Equal(new[] { _tree.Path("results", "2"), _tree.Path("temp", "2") }, byId["2"].Paths);
        Assert.Equal(DiskUsage.Each(_tree.Path("results", "1"), _tree.Path("uploads", "one.tif"), _tree.Path("temp", "1")).Sum(), byId["1"].SizeBytes);
        Assert.Equal(DiskUsage.Each(_tree.Path("results", "2"), _tree.Path("temp", "2")).Sum(), byId["2"].SizeBytes);
    }

    [Fact]
    public void Kept_runs_carry_the_status_they_were_classified_as_and_the_unreadable_one_is_reported()
    {
        using var context = Open();
        var host = new RecordingHost();

        var all = CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, host).ToDictionary(c => c.Target);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToHashSet(), all.Keys.ToHashSet());
        Assert.Equal(JobStatus.Completed, all["3"].Status);
        Assert.Equal(CleanupAction.Keep, all["3"].Action);
        Assert.Equal(CleanupAction.Keep, all["5"].Action);
        Assert.Equal(JobStatus.Running, all["6"].Status);
        Assert.Equal(JobStatus.Unknown, all["7"].Status);
        Assert.Equal(CleanupAction.Keep, all["7"].Action);
        Assert.Equal(JobStatus.Unknown, all["8"].Status);
        Assert.Equal(CleanupAction.Keep, all["8"].Action);
        Assert.Equal(CleanupAction.Keep, all["9"].Action);
        Assert.Contains("'yesterday'", all["9"].Reason);
        Assert.Single(host.Warnings, w => w.StartsWith("Job 9:", StringComparison.Ordinal) && w.Contains("yesterday"));
        Assert.All(all.Values.Where(c => !c.IsEligible), c => Assert.Empty(c.Paths));
    }

    [Fact]
    public void A_status_filter_selects_by_the_mapped_raw_words()
    {
        using var context = Open();

        var completed = CandidateFinder.Find(context, new CandidateFilter { Statuses = new[] { JobStatus.Completed } }, includeKept: true, new RecordingHost()).ToList();
        var failed = CandidateFinder.Find(context, new CandidateFilter { Statuses = new[] { JobStatus.Failed } }, includeKept: true, new RecordingHost()).ToList();

        Assert.Equal(new[] { "1", "2", "3", "9" }, completed.Select(c => c.JobId));
        Assert.Equal(new[] { "4", "5", "10" }, failed.Select(c => c.JobId));
    }

    [Fact]
    public void Finding_candidates_leaves_the_application_database_untouched()
    {
        var before = File.ReadAllBytes(_db);

        using (var context = Open())
            _ = CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, new RecordingHost()).ToList();

        Assert.Equal(before, File.ReadAllBytes(_db));
        Assert.Empty(JobsDb.SideFiles(_db));
        Assert.DoesNotContain("data_cleaned_at", JobsDb.Columns(_db, "runs"));
    }

    [Fact]
    public void A_real_run_deletes_the_eligible_runs_files_and_marks_the_applications_rows()
    {
        using (var context = Open())
        {
            using var run = new CleanupRun(context, new RecordingHost(), dryRun: false);
            run.RunEligible(CandidateFilter.None);
            var summary = run.Complete();

            Assert.Equal(2, summary.SuccessfulJobsProcessed);
            Assert.Equal(2, summary.FailedJobsProcessed);
            Assert.Equal(0, summary.JobsWithErrors);
        }

        foreach (var gone in new[] { "results/1", "temp/1", "uploads/one.tif", "results/2", "results/4", "uploads/four.tif", "results/10" })
            Assert.False(Path.Exists(_tree.Path(gone.Split('/'))), $"{gone} should be deleted");
        foreach (var kept in new[] { "results/3", "uploads/three.tif", "results/5", "results/6", "uploads/six.tif", "results/7", "results/8", "results/9" })
            Assert.True(Path.Exists(_tree.Path(kept.Split('/'))), $"{kept} should be kept");

        var cleaned = JobsDb.Rows(_db, "SELECT run_id FROM runs WHERE data_cleaned_at IS NOT NULL ORDER BY run_id").Select(r => r[0]);
        Assert.Equal(new[] { "1", "2", "4", "10" }, cleaned);
        Assert.Equal(10L, JobsDb.Scalar(_db, "SELECT COUNT(*) FROM runs"));
    }
}
