using System.Text.Json;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// Names read from the store are input. A job id or dem_filename that would leave its root ('..', a separator,
/// a rooted path, a NUL) must fail that job loudly, record why on the row, never mark it cleaned, and touch
/// nothing, while the other jobs of the same run are cleaned as usual.
/// </summary>
public sealed class HostileJobNameTests
{
    // "<NUL>" and "<ABS>" are decoded in the test, so the theory data stays plain printable text.
    private static string Decode(string value, JobInstallation install) =>
        value.Replace("<NUL>", "\0").Replace("<ABS>", install.Outside);

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("<ABS>")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a<NUL>b")]
    [InlineData("a\\b")]
    public void Hostile_job_id_fails_that_job_only_and_touches_nothing_outside_the_good_jobs(string encoded)
    {
        using var install = new JobInstallation();
        var hostileId = Decode(encoded, install);
        PlantSentinels(install);
        var good1 = install.AddJob("good-1", "completed", 300, seed: 1);
        var good2 = install.AddJob("good-2", "failed", 20, seed: 2);
        install.InsertRow(hostileId, "completed", install.HoursAgo(900), "hostile_dem.tif");
        JobInstallation.Write(install.UploadOf("hostile_dem.tif"), 1234, 9);
        var before = install.Snapshot();

        var host = new RecordingHost();
        var summary = install.Run(host);

        AssertHostileJobFailed(install, host, hostileId, expectedProblem: "job id");
        AssertGoodJobsCleaned(install, host, good1, good2);
        Assert.Equal(1, summary.JobsWithErrors);
        Assert.Equal(2, summary.SuccessfulJobsProcessed + summary.FailedJobsProcessed);
        AssertOnlyGoodJobEntriesWent(install, before, good1, good2);
    }

    [Theory]
    [InlineData("../jobs.db")]
    [InlineData("../outside")]
    [InlineData("sub/dem.tif")]
    [InlineData("/etc")]
    [InlineData("<ABS>/secret.txt")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("dem<NUL>.tif")]
    [InlineData("a\\b")]
    public void Hostile_dem_filename_fails_that_job_and_leaves_even_its_results_in_place(string encoded)
    {
        using var install = new JobInstallation();
        var hostileDem = Decode(encoded, install);
        PlantSentinels(install);
        var good1 = install.AddJob("good-1", "completed", 300, seed: 1);
        var good2 = install.AddJob("good-2", "failed", 20, seed: 2);
        // The hostile job's own results and temp exist: a job whose paths cannot all be built safely is not half-cleaned.
        install.AddJob("victim", "failed", 100, seed: 3);
        install.Execute("UPDATE jobs SET dem_filename = $dem WHERE id = 'victim'", ("$dem", hostileDem));
        var before = install.Snapshot();

        var host = new RecordingHost();
        install.Run(host);

        AssertHostileJobFailed(install, host, "victim", expectedProblem: "DEM file name");
        AssertGoodJobsCleaned(install, host, good1, good2);
        Assert.True(Directory.Exists(install.ResultsOf("victim")));
        Assert.True(Directory.Exists(install.TempOf("victim")));
        AssertOnlyGoodJobEntriesWent(install, before, good1, good2);
    }

    [Fact]
    public void A_hostile_job_fails_again_on_the_next_run_rather_than_being_forgotten()
    {
        using var install = new JobInstallation();
        install.InsertRow("../outside", "completed", install.HoursAgo(900), null);
        install.Run(new RecordingHost());

        var host = new RecordingHost();
        install.Run(host);

        var error = Assert.Single(host.Errors);
        Assert.Equal(ErrorKind.SecurityError, error.Kind);
        Assert.Equal("../outside", error.Target);
        Assert.Null(install.CleanedAt("../outside"));
    }

    /// <summary>Files a mistaken path would hit: BASE/outside (results/../outside), results/a/b, results/etc, results/a\b, OUTSIDE.</summary>
    private static void PlantSentinels(JobInstallation install)
    {
        JobInstallation.Write(Path.Combine(install.Base, "outside", "secret.txt"), 64, 40);
        JobInstallation.Write(Path.Combine(install.Base, "sentinel.txt"), 65, 41);
        JobInstallation.Write(Path.Combine(install.Results, "a", "b", "keep.txt"), 66, 42);
        JobInstallation.Write(Path.Combine(install.Results, "etc", "keep.txt"), 67, 43);
        JobInstallation.Write(Path.Combine(install.Results, "a\\b", "keep.txt"), 68, 44);
        JobInstallation.Write(Path.Combine(install.Results, "unowned", "keep.txt"), 69, 45);
        JobInstallation.Write(Path.Combine(install.Uploads, "sub", "dem.tif"), 70, 46);
        JobInstallation.Write(Path.Combine(install.Uploads, "etc"), 71, 47);
        JobInstallation.Write(Path.Combine(install.Outside, "secret.txt"), 72, 48);
    }

    private static void AssertHostileJobFailed(JobInstallation install, RecordingHost host, string id, string expectedProblem)
    {
        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == id);
        Assert.Equal(CleanupOutcome.Failed, result.Outcome);
        Assert.False(result.DataDeleted);
        Assert.Empty(result.FilesDeleted);
        Assert.Empty(result.DirectoriesDeleted);
        Assert.Equal(0, result.BytesFreed);

        var error = Assert.Single(host.Errors);
        Assert.Equal(ErrorKind.SecurityError, error.Kind);
        Assert.Equal("UnsafeJobPath", error.ErrorId);
        Assert.Equal(id, error.Target);
        Assert.Contains(expectedProblem, error.Message);
        // Only the good jobs are offered for confirmation: a job with an unsafe path never reaches ShouldProcess.
        Assert.All(host.ShouldProcessCalls, c => Assert.StartsWith("good-", c.Target));

        Assert.Null(install.CleanedAt(id));
        var summary = install.Summary(id);
        Assert.NotNull(summary);
        Assert.Equal("Failed", summary.Value.GetProperty("outcome").GetString());
        Assert.False(summary.Value.GetProperty("data_deleted").GetBoolean());
        var errors = summary.Value.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains(errors, e => e.Contains(expectedProblem, StringComparison.Ordinal));
        Assert.Empty(summary.Value.GetProperty("files_deleted").EnumerateArray());
    }

    private static void AssertGoodJobsCleaned(JobInstallation install, RecordingHost host, params JobFiles[] jobs)
    {
        foreach (var job in jobs)
        {
            var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id);
            Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
            Assert.Equal(job.TotalBytes, result.BytesFreed);
            Assert.False(install.AnyPresent(job));
            Assert.NotNull(install.CleanedAt(job.Id));
        }
    }

    /// <summary>The whole tree afterwards is the tree before minus exactly the good jobs' entries (and the db, which records them).</summary>
    private static void AssertOnlyGoodJobEntriesWent(JobInstallation install, SortedDictionary<string, string> before, params JobFiles[] jobs)
    {
        var gone = jobs.SelectMany(j => new[] { install.ResultsOf(j.Id), install.UploadOf(j.Dem!), install.TempOf(j.Id) })
            .Append(install.DbPath).ToArray();
        var expected = TreeSnapshot.Without(before, install.Tree.Root, gone);
        var actual = TreeSnapshot.Without(install.Snapshot(), install.Tree.Root, new[] { install.DbPath });
        Assert.Equal(expected, actual);
    }
}
