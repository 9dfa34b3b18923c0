using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// An id column without a unique or NOT NULL rule: rows without an id are counted apart and never end the stream
/// early; rows that share an id all come back, so the run can see the id is shared and refuse it.
/// </summary>
public abstract partial class JobStoreContract
{
    [ContractFact]
    public void Rows_without_an_id_are_counted_apart_and_the_stream_pages_past_them()
    {
        Fixture.CreateJobsWithoutIdRules(new[] { "a", "b", "c" }.Select(id => new JobRow(id, "completed", "2024-01-01 00:00:00")), nullIds: 5);
        using var store = Fixture.Open();
        var query = new JobQuery(Cleanable);

        // Pages of 2: in SQLite the five NULL rows sort first and filled the first pages.
        Assert.Equal(new[] { "a", "b", "c" }, store.StreamJobs(query, 2).Select(j => j.Id));
        Assert.Equal(3, store.CountJobs(query));
        Assert.Equal(5, store.CountJobsWithoutId(query));
    }

    [ContractFact]
    public void Rows_that_share_an_id_are_all_re_read_and_claimed_together()
    {
        Fixture.CreateJobsWithoutIdRules(new[] { "a", "b", "b", "c" }.Select(id => new JobRow(id, "completed", "2024-01-01 00:00:00")), nullIds: 1);
        using var store = Fixture.Open();

        Assert.Equal(new[] { "b", "b" }, store.GetJobs(new[] { "b" }).Select(j => j.Id));
        Assert.Equal(new[] { "a", "b", "b", "c" }, store.StreamJobs(new JobQuery(Cleanable), 10).Select(j => j.Id));
        var claimed = store.ClaimJobs("w1", Cleanable, null, 10, Now, Now.AddMinutes(5));
        Assert.Equal(new[] { "a", "b", "b", "c" }, claimed.Select(j => j.Id));
    }
}
