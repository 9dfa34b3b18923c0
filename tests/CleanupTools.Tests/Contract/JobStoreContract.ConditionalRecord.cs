using CleanupTools.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// A record carrying the row as the run evaluated it is written only where the row still reads so: an application
/// that re-runs a job while its files are being deleted keeps its row as it wrote it, never marked cleaned.
/// </summary>
public abstract partial class JobStoreContract
{
    private static readonly DateTimeOffset RecordedAt = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static JobCleanupRecord AsEvaluated(JobRecord job, string summary = "{\"outcome\":\"Deleted\"}") =>
        new(job.Id, "2024-06-15 12:00:00", summary) { Evaluated = JobRowState.Of(job) };

    [ContractFact]
    public void A_record_is_written_only_where_status_and_completion_are_still_as_evaluated()
    {
        HundredCompleted();
        using var store = Fixture.Open();
        var evaluated = store.GetJobs(new[] { "job-001", "job-002", "job-003", "job-004" }).OrderBy(j => j.Id, StringComparer.Ordinal).ToArray();
        // Behind the store's back, after the evaluation: one job re-run, one finished again, one set back and forth.
        Fixture.SetStatus("job-002", "running");
        Fixture.SetCompletedAt("job-003", "2024-06-15 11:00:00");
        Fixture.SetStatus("job-004", "running");
        Fixture.SetStatus("job-004", "completed");
        var audit = evaluated.Select(j => ToolAudit(j.Id, RecordedAt)).ToArray();

        var unwritten = store.RecordCleanups(evaluated.Select(j => AsEvaluated(j)).ToArray(), audit);

        Assert.Equal(new[] { "job-002", "job-003" }, unwritten.Order(StringComparer.Ordinal));
        var rows = Fixture.Rows().ToDictionary(r => r.Id);
        Assert.Equal(("2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}"), (rows["job-001"].DataCleanedAt, rows["job-001"].Summary));
        // Same status and completion as evaluated: the row is the job the run acted on, whatever happened in between.
        Assert.Equal("2024-06-15 12:00:00", rows["job-004"].DataCleanedAt);
        foreach (var changed in new[] { "job-002", "job-003" })
            Assert.True(rows[changed].DataCleanedAt is null && rows[changed].Summary is null, $"{changed} was written although it changed");
        Assert.Equal("running", rows["job-002"].Status);
        // The audit rows go in with the batch: the caller reports the changed jobs itself.
        Assert.Equal(4, store.QueryAudit(new AuditQuery()).Count(e => e.TargetKind == CleanupAuditEntry.JobTarget));
    }

    [ContractFact]
    public void A_changed_row_keeps_its_claim_and_an_earlier_summary()
    {
        HundredCompleted();
        using var store = Fixture.Open();
        store.RecordCleanups(new[] { new JobCleanupRecord("job-001", null, "earlier") });
        var claimed = store.ClaimJobs("worker-1", Cleanable, null, 2, Now, Now.AddMinutes(5));
        var evaluated = store.GetJobs(new[] { "job-001" }).Single();
        Fixture.SetStatus("job-001", "running");

        Assert.Equal(new[] { "job-001" }, store.RecordCleanups(new[] { AsEvaluated(evaluated, "later") }));

        var row = Fixture.Row("job-001");
        Assert.Equal((null, "earlier", "running"), (row.DataCleanedAt, row.Summary, row.Status));
        // Left to the worker, which gives it back with the rest of its batch.
        Assert.Equal(new[] { "job-000", "job-001" }, claimed.Select(j => j.Id));
        Assert.Equal("worker-1", row.ClaimedBy);
    }

    [ContractFact]
    public void A_record_for_a_missing_row_is_reported_unwritten_with_or_without_a_condition()
    {
        HundredCompleted();
        using var store = Fixture.Open();
        var gone = new JobRecord("job-404", "sol", "completed", JobStatus.Completed, "2024-01-01 00:00:00", null, null);

        var unwritten = store.RecordCleanups(new[] { Cleaned("job-404"), AsEvaluated(gone) with { JobId = "job-405" }, Cleaned("job-005") });

        Assert.Equal(new[] { "job-404", "job-405" }, unwritten);
        Assert.NotNull(Fixture.Row("job-005").DataCleanedAt);
    }

    [ContractFact]
    public void A_condition_matches_the_values_as_read_from_integer_ids_and_text_times()
    {
        Fixture.CreateRuns(new[] { 1, 2, 3 });
        var mapping = StoreFixture.RunsMapping();
        using var store = Fixture.Open(mapping);
        var runs = store.GetJobs(new[] { "1", "2", "3" });

        Assert.Empty(store.RecordCleanups(runs.Select(r => AsEvaluated(r)).ToArray()));

        Assert.All(Fixture.Rows(mapping), r => Assert.Equal("2024-06-15 12:00:00", r.DataCleanedAt));
    }
}
