using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>GetJobs and GetJobsByUpload: the deletion-time re-read and the shared-upload check.</summary>
public abstract partial class JobStoreContract
{
    [ContractFact]
    public void GetJobs_rereads_the_requested_rows_as_they_are_now()
    {
        HundredRows(migrated: true);
        using var store = Fixture.Open();
        Fixture.SetStatus("job-001", "running");
        Fixture.MarkCleaned(new[] { "job-001" }, "2024-06-01 00:00:00");

        var jobs = store.GetJobs(new[] { "job-001", "job-002", "job-999", "job-001" }).OrderBy(j => j.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { "job-001", "job-002" }, jobs.Select(j => j.Id));
        Assert.Equal(JobStatus.Running, jobs[0].Status);
        Assert.Equal("2024-06-01 00:00:00", jobs[0].DataCleanedAt);
        Assert.Equal(JobStatus.Completed, jobs[1].Status);
        Assert.Empty(store.GetJobs(Array.Empty<string>()));
    }

    [ContractFact]
    public void GetJobs_sees_the_cleaned_mark_of_a_migration_made_after_the_store_was_opened()
    {
        HundredRows();
        using var reader = Fixture.Open();
        using (var other = Fixture.Open())
            other.RecordCleanups(new[] { Cleaned("job-004") });

        var job = Assert.Single(reader.GetJobs(new[] { "job-004" }));

        Assert.Equal("2024-06-15 12:00:00", job.DataCleanedAt);
    }

    [ContractFact]
    public void GetJobsByUpload_finds_every_job_naming_one_of_the_uploads()
    {
        Fixture.CreateJobs(new[]
        {
            new JobRow("job-1", "completed", "2024-01-01 00:00:00", "shared.tif"),
            new JobRow("job-2", "running", null, "shared.tif"),
            new JobRow("job-3", "completed", "2024-01-01 00:00:00", "own.tif"),
            new JobRow("job-4", "failed", "2024-01-01 00:00:00", null),
        });
        using var store = Fixture.Open();

        Assert.Equal(new[] { "job-1", "job-2" }, store.GetJobsByUpload(new[] { "shared.tif", "missing.tif" }).Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "job-1", "job-2", "job-3" }, store.GetJobsByUpload(new[] { "shared.tif", "own.tif" }).Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Empty(store.GetJobsByUpload(new[] { "nothing.tif" }));
        Assert.Empty(store.GetJobsByUpload(Array.Empty<string>()));
    }

    [ContractFact]
    public void Integer_ids_are_found_and_recorded_and_text_that_is_no_such_id_is_simply_absent()
    {
        Fixture.CreateRuns(Enumerable.Range(1, 50));
        var map = StoreFixture.RunsMapping();
        using var store = Fixture.Open(map);

        var found = store.GetJobs(new[] { "7", "42", "abc", "1000", "7; DROP TABLE runs" }).Select(j => j.Id).Order(StringComparer.Ordinal);
        store.RecordCleanups(new[] { Cleaned("7"), Cleaned("abc") });

        Assert.Equal(new[] { "42", "7" }, found);
        Assert.Equal("2024-06-15 12:00:00", Fixture.Row("7", map).DataCleanedAt);
        Assert.Equal(1, Fixture.Rows(map).Count(r => r.DataCleanedAt is not null));
        Assert.Equal(50, Fixture.Rows(map).Count);
    }
}
