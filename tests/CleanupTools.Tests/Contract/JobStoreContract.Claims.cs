using System.Collections.Concurrent;
using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>Work splitting between concurrent workers: each claimable row goes to one worker until its claim expires.</summary>
public abstract partial class JobStoreContract
{
    private static DateTimeOffset ClaimedUntil => Now.AddMinutes(10);

    /// <summary>30 rows: job-000..job-029, every fifth running, the rest completed.</summary>
    private void ThirtyRows() => Fixture.CreateJobs(Enumerable.Range(0, 30)
        .Select(i => new JobRow(Id(i), i % 5 == 0 ? "running" : "completed", "2024-01-01 00:00:00")));

    private static IEnumerable<string> CompletedOfThirty => Enumerable.Range(0, 30).Where(i => i % 5 != 0).Select(Id);

    [ContractFact]
    public void Two_workers_claim_disjoint_rows_in_id_order()
    {
        ThirtyRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();

        var a = first.ClaimJobs("worker-a", Cleanable, null, 5, Now, ClaimedUntil).Select(j => j.Id).ToList();
        var b = second.ClaimJobs("worker-b", Cleanable, null, 5, Now, ClaimedUntil).Select(j => j.Id).ToList();

        Assert.Equal(CompletedOfThirty.Take(5), a);
        Assert.Equal(CompletedOfThirty.Skip(5).Take(5), b);
        Assert.All(a, id => Assert.Equal("worker-a", Fixture.Row(id).ClaimedBy));
        Assert.All(b, id => Assert.Equal("worker-b", Fixture.Row(id).ClaimedBy));
        Assert.Equal(ClaimedUntil, Fixture.Row(a[0]).ClaimedUntil);
        Assert.All(Fixture.Rows().Where(r => r.Status == "running"), r => Assert.Null(r.ClaimedBy));
    }

    [ContractFact]
    public void An_expired_claim_is_taken_over_and_an_unexpired_one_is_not()
    {
        ThirtyRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();
        var claimed = first.ClaimJobs("worker-a", Cleanable, null, 3, Now, Now.AddMinutes(1)).Select(j => j.Id).ToList();

        var beforeExpiry = second.ClaimJobs("worker-b", Cleanable, null, 3, Now.AddSeconds(59), Now.AddMinutes(11)).Select(j => j.Id).ToList();
        var afterExpiry = second.ClaimJobs("worker-b", Cleanable, null, 3, Now.AddMinutes(2), Now.AddMinutes(12)).Select(j => j.Id).ToList();

        Assert.Empty(beforeExpiry.Intersect(claimed));
        Assert.Equal(claimed, afterExpiry);
        Assert.All(claimed, id => Assert.Equal(("worker-b", (DateTimeOffset?)Now.AddMinutes(12)), (Fixture.Row(id).ClaimedBy, Fixture.Row(id).ClaimedUntil)));
    }

    [ContractFact]
    public void ReleaseClaims_gives_back_only_the_workers_own_claims()
    {
        ThirtyRows();
        using var first = Fixture.Open();
        using var second = Fixture.Open();
        var claimed = first.ClaimJobs("worker-a", Cleanable, null, 4, Now, ClaimedUntil).Select(j => j.Id).ToList();

        second.ReleaseClaims("worker-b", claimed);
        Assert.All(claimed, id => Assert.Equal("worker-a", Fixture.Row(id).ClaimedBy));
        first.ReleaseClaims("worker-a", claimed.Take(2).ToList());

        Assert.All(claimed.Take(2), id => Assert.Null(Fixture.Row(id).ClaimedBy));
        Assert.All(claimed.Skip(2), id => Assert.Equal("worker-a", Fixture.Row(id).ClaimedBy));
        // What was given back is claimable at once by another worker, before the old claim would have expired.
        Assert.Equal(claimed.Take(2), second.ClaimJobs("worker-b", Cleanable, null, 2, Now, ClaimedUntil).Select(j => j.Id));
    }

    [ContractFact]
    public void RecordCleanups_clears_the_claim_and_a_cleaned_row_is_never_claimed_again()
    {
        ThirtyRows();
        using var store = Fixture.Open();
        var claimed = store.ClaimJobs("worker-a", Cleanable, null, 3, Now, ClaimedUntil).Select(j => j.Id).ToList();

        store.RecordCleanups(claimed.Select(id => Cleaned(id)).ToList());

        Assert.All(claimed, id => Assert.Equal((null, null, "2024-06-15 12:00:00"), (Fixture.Row(id).ClaimedBy, Fixture.Row(id).ClaimedUntil, Fixture.Row(id).DataCleanedAt)));
        var later = store.ClaimJobs("worker-b", Cleanable, null, 100, Now.AddHours(1), Now.AddHours(2)).Select(j => j.Id).ToList();
        Assert.Empty(later.Intersect(claimed));
        Assert.Equal(CompletedOfThirty.Except(claimed), later);
    }

    [ContractFact]
    public void Claims_follow_the_statuses_and_start_after_the_given_id()
    {
        ThirtyRows();
        using var store = Fixture.Open();

        var running = store.ClaimJobs("worker-a", new[] { "running" }, null, 100, Now, ClaimedUntil).Select(j => j.Id).ToList();
        var after = store.ClaimJobs("worker-a", Cleanable, "job-020", 100, Now, ClaimedUntil).ToList();

        Assert.Equal(new[] { "job-000", "job-005", "job-010", "job-015", "job-020", "job-025" }, running);
        Assert.Equal(new[] { "job-021", "job-022", "job-023", "job-024", "job-026", "job-027", "job-028", "job-029" }, after.Select(j => j.Id));
        Assert.All(after, j => Assert.Equal(JobStatus.Completed, j.Status));
        Assert.Empty(store.ClaimJobs("worker-a", Array.Empty<string>(), null, 100, Now, ClaimedUntil));
    }

    [ContractFact]
    public void A_worker_may_claim_its_own_rows_again_to_extend_them()
    {
        ThirtyRows();
        using var store = Fixture.Open();
        var first = store.ClaimJobs("worker-a", Cleanable, null, 2, Now, Now.AddMinutes(5)).Select(j => j.Id).ToList();

        var again = store.ClaimJobs("worker-a", Cleanable, null, 2, Now.AddMinutes(1), Now.AddMinutes(20)).Select(j => j.Id).ToList();

        Assert.Equal(first, again);
        Assert.Equal(Now.AddMinutes(20), Fixture.Row(first[0]).ClaimedUntil);
    }

    [ContractFact]
    public void Workers_claiming_at_the_same_time_never_get_the_same_row()
    {
        Fixture.CreateJobs(Enumerable.Range(0, 200).Select(i => new JobRow(Id(i), "completed", "2024-01-01 00:00:00")));
        var stores = Enumerable.Range(0, 4).Select(_ => Fixture.Open()).ToList();
        var claims = new ConcurrentBag<(string Worker, string Id)>();
        try
        {
            // Each worker claims small batches after the last id it got (as a run walks the store) until nothing is
            // left; with four at once they race on every batch.
            Parallel.For(0, stores.Count, new ParallelOptions { MaxDegreeOfParallelism = stores.Count }, w =>
            {
                string? after = null;
                for (var round = 0; round < 200; round++)
                {
                    var got = stores[w].ClaimJobs($"worker-{w}", Cleanable, after, 3, Now, ClaimedUntil);
                    if (got.Count == 0) return;
                    foreach (var job in got) claims.Add(($"worker-{w}", job.Id));
                    after = got[^1].Id;
                }
            });
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }

        var ids = claims.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 200).Select(Id), ids.Order(StringComparer.Ordinal));
        var owners = Fixture.Rows().ToDictionary(r => r.Id, r => r.ClaimedBy);
        Assert.All(claims, c => Assert.Equal(c.Worker, owners[c.Id]));
    }

    [ContractFact]
    public void The_first_claim_migrates_the_store()
    {
        ThirtyRows();
        using var store = Fixture.Open();

        store.ClaimJobs("worker-a", Cleanable, null, 1, Now, ClaimedUntil);

        Assert.Contains("data_cleaned_at", Fixture.Columns("jobs"));
        Assert.Contains("cleanup_claimed_by", Fixture.Columns("jobs"));
        Assert.Contains("cleanup_claimed_until", Fixture.Columns("jobs"));
        Assert.Contains("added column jobs.cleanup_claimed_by", store.Migrations);
    }
}
