using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A file that cannot be deleted (chattr +i as root) fails its job, not the run: the error is recorded, the
/// next job is cleaned, the row stays unmarked, the result and the row's summary list exactly what went, and a
/// later run, once the file can go, finishes the job.
/// </summary>
public sealed class PerJobFailureTests
{
    [Fact]
    public void An_undeletable_file_fails_its_job_records_exactly_what_went_and_a_later_run_finishes_it()
    {
        using var install = new JobInstallation();
        var stuck = install.AddJob("job-1-stuck", "completed", 500, seed: 1);
        var next = install.AddJob("job-2-next", "failed", 50, seed: 2);
        var last = install.AddJob("job-3-last", "completed", 900, seed: 3);
        var locked = Path.Combine(install.ResultsOf(stuck.Id), "outputs", "locked.tif");
        JobInstallation.Write(locked, 9_999, 77);
        Undeletable.Make(locked);

        var host = new RecordingHost();
        var freed = stuck.UploadBytes + stuck.TempBytes // the two files of results that go; locked.tif and its directories stay
            + DiskUsage.Each(Path.Combine(install.ResultsOf(stuck.Id), "workflow.log"), Path.Combine(install.ResultsOf(stuck.Id), "outputs", "day_001.tif")).Sum();
        var summary = install.Run(host, options: new() { MaxWorkers = 1, AllowMassDeletion = true });

        var failed = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == stuck.Id);
        Assert.Equal(CleanupOutcome.Partial, failed.Outcome);
        Assert.False(failed.DataDeleted);
        Assert.Contains(failed.Errors, e => e.Contains("locked.tif"));
        // results/<id> is still there (it holds locked.tif), so it is not reported; the upload and temp dir really went.
        Assert.Equal(new[] { $"uploads/{stuck.Dem}" }, failed.FilesDeleted);
        Assert.Equal(new[] { $"temp/{stuck.Id}" }, failed.DirectoriesDeleted);
        Assert.Equal(freed, failed.BytesFreed);
        Assert.True(File.Exists(locked));
        Assert.False(File.Exists(Path.Combine(install.ResultsOf(stuck.Id), "workflow.log")));
        Assert.False(JobInstallation.Present(install.UploadOf(stuck.Dem!)));

        var error = Assert.Single(host.Errors);
        Assert.Equal(stuck.Id, error.Target);
        Assert.Equal(ErrorKind.WriteError, error.Kind);
        Assert.Equal(1, summary.JobsWithErrors);
        Assert.Contains(summary.Errors, e => e.StartsWith(stuck.Id, StringComparison.Ordinal));

        Assert.Null(install.CleanedAt(stuck.Id));
        var row = install.Summary(stuck.Id)!.Value;
        Assert.Equal("Partial", row.GetProperty("outcome").GetString());
        Assert.Equal(freed, row.GetProperty("size_freed_bytes").GetInt64());
        Assert.Equal(new[] { $"uploads/{stuck.Dem}" }, row.GetProperty("files_deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { $"temp/{stuck.Id}" }, row.GetProperty("directories_deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEmpty(row.GetProperty("errors").EnumerateArray());

        // The run went on past the failure.
        foreach (var job in new[] { next, last })
        {
            Assert.Equal(CleanupOutcome.Deleted, Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id).Outcome);
            Assert.False(install.AnyPresent(job));
            Assert.NotNull(install.CleanedAt(job.Id));
        }

        // The file can go now: the next run picks up only the unfinished job and completes it.
        Undeletable.ClearAll(install.Tree.Root);
        var rest = DiskUsage.Of(install.ResultsOf(stuck.Id)); // locked.tif and the two directories holding it
        var retry = new RecordingHost();
        install.Run(retry);

        var finished = Assert.Single(retry.Of<CleanupResult>());
        Assert.Equal(stuck.Id, finished.JobId);
        Assert.Equal(CleanupOutcome.Deleted, finished.Outcome);
        Assert.Equal(rest, finished.BytesFreed);
        Assert.Equal(new[] { $"results/{stuck.Id}" }, finished.DirectoriesDeleted);
        Assert.Empty(finished.FilesDeleted);
        Assert.Empty(retry.Errors);
        Assert.False(install.AnyPresent(stuck));
        Assert.NotNull(install.CleanedAt(stuck.Id));
        Assert.Equal("Deleted", install.Summary(stuck.Id)!.Value.GetProperty("outcome").GetString());
    }

    [Fact]
    public void An_undeletable_upload_alone_fails_the_job_with_nothing_listed_for_it()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-locked-dem", "completed", 500);
        Undeletable.Make(install.UploadOf(job.Dem!));

        var host = new RecordingHost();
        install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.NotEqual(CleanupOutcome.Deleted, result.Outcome);
        Assert.False(result.DataDeleted);
        Assert.DoesNotContain($"uploads/{job.Dem}", result.FilesDeleted);
        Assert.Equal(job.ResultsBytes + job.TempBytes, result.BytesFreed);
        Assert.True(File.Exists(install.UploadOf(job.Dem!)));
        Assert.Null(install.CleanedAt(job.Id));
        Assert.Single(host.Errors);
    }
}
