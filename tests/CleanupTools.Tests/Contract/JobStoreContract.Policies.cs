using CleanupTools.Policies;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>Stored policies survive a round trip through the store, with who changed them and when.</summary>
public abstract partial class JobStoreContract
{
    private IReadOnlyList<StoredPolicy> LoadPolicies()
    {
        using var store = Fixture.Open();
        return store.GetStoredPolicies();
    }

    private void OneRow() => Fixture.CreateJobs(new[] { new JobRow("job-1", "completed", "2024-01-01 00:00:00") });

    [ContractFact]
    public void An_unmigrated_store_has_no_stored_policies()
    {
        OneRow();

        Assert.Empty(LoadPolicies());
        Assert.False(Fixture.HasTable("cleanup_policies"));
    }

    [ContractFact]
    public void Saved_policies_load_back_equal_in_a_new_store()
    {
        OneRow();
        var success = new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromHours(72), false, "three days, paused",
            new DateTimeOffset(2024, 6, 1, 9, 15, 30, TimeSpan.Zero), "alice@build01");
        var failed = new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromMinutes(90), true, null,
            new DateTimeOffset(2024, 6, 2, 10, 0, 0, TimeSpan.Zero), null);

        using (var store = Fixture.Open())
        {
            store.SavePolicy(success);
            store.SavePolicy(failed);
        }

        Assert.Equal(new[] { failed, success }, LoadPolicies().OrderBy(p => p.Name, StringComparer.Ordinal));
    }

    [ContractFact]
    public void UpdatedAt_with_an_offset_reads_back_as_the_same_instant_in_UTC()
    {
        OneRow();
        var at = new DateTimeOffset(2024, 6, 1, 11, 15, 30, TimeSpan.FromHours(2));

        using (var store = Fixture.Open())
            store.SavePolicy(new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromHours(6), true, null, at, "bob@host"));

        var loaded = Assert.Single(LoadPolicies());
        Assert.Equal(at, loaded.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, loaded.UpdatedAt!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(6), loaded.Retention);
        Assert.Equal("bob@host", loaded.UpdatedBy);
    }

    [ContractFact]
    public void Saving_again_replaces_the_row_and_its_history()
    {
        OneRow();
        using (var store = Fixture.Open())
        {
            store.SavePolicy(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(7), true, "first", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), "alice@a"));
            store.SavePolicy(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(3), false, null, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), "bob@b"));
        }

        Assert.Equal(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(3), false, null, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), "bob@b"),
            Assert.Single(LoadPolicies()));
    }
}
