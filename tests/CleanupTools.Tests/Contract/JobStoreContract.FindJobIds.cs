using CleanupTools.Stores;
using CleanupTools.Tests.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>FindJobIds and the lookup-only open behind tab completion: bounded, prefix-filtered, and writing nothing.</summary>
public abstract partial class JobStoreContract
{
    [ContractFact]
    public void FindJobIds_lists_the_ids_with_the_prefix_highest_first_up_to_the_limit()
    {
        HundredRows();
        using var store = Fixture.OpenForLookup();

        Assert.Equal(new[] { "job-099", "job-098", "job-097" }, store.FindJobIds("", 3));
        Assert.Equal(new[] { "job-019", "job-018", "job-017", "job-016", "job-015", "job-014", "job-013", "job-012", "job-011", "job-010" }, store.FindJobIds("job-01", 100));
        Assert.Equal(new[] { "job-042" }, store.FindJobIds("job-042", 100));
        Assert.Empty(store.FindJobIds("nope", 100));
        Assert.Empty(store.FindJobIds("job-", 0));
    }

    [ContractFact]
    public void FindJobIds_ignores_case_and_matches_like_wildcards_literally()
    {
        Fixture.CreateJobs(new[] { "Job_A1", "jobXa2", "job%3", "job\\4", "other" }.Select(id => new JobRow(id, "completed", "2024-01-01 00:00:00")));
        using var store = Fixture.OpenForLookup();

        Assert.Equal(new[] { "jobXa2", "Job_A1" }, store.FindJobIds("JOB", 100).Where(id => id.Contains('A', StringComparison.OrdinalIgnoreCase)));
        // '_' and '%' in the prefix are themselves, not LIKE's any-character and any-string.
        Assert.Equal(new[] { "Job_A1" }, store.FindJobIds("job_", 100));
        Assert.Equal(new[] { "job%3" }, store.FindJobIds("job%", 100));
        Assert.Equal(new[] { "job\\4" }, store.FindJobIds("job\\", 100));
    }

    [ContractFact]
    public void FindJobIds_includes_cleaned_jobs()
    {
        HundredRows(migrated: true);
        Fixture.MarkCleaned(new[] { "job-099" }, "2024-06-01 00:00:00");
        using var store = Fixture.OpenForLookup();

        Assert.Equal("job-099", store.FindJobIds("job-09", 1).Single());
    }

    [ContractFact]
    public void FindJobIds_orders_integer_ids_as_numbers()
    {
        Fixture.CreateRuns(new[] { 9, 10, 100, 11, 2 });
        using var store = Fixture.OpenForLookup(StoreFixture.RunsMapping());

        Assert.Equal(new[] { "100", "11", "10", "9", "2" }, store.FindJobIds("", 100));
        Assert.Equal(new[] { "100", "11", "10" }, store.FindJobIds("1", 100));
    }

    [ContractFact]
    public void A_lookup_reads_an_unmigrated_store_and_leaves_it_identical()
    {
        HundredRows();
        var before = Fixture.Fingerprint();

        using (var store = Fixture.OpenForLookup())
        {
            Assert.Equal(100, store.FindJobIds("", 1000).Count);
            Assert.Empty(store.GetHolds());
            Assert.Empty(store.GetStoredPolicies());
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
        Assert.False(Fixture.HasTable("cleanup_holds"));
    }

    [ContractFact]
    public void A_store_opened_for_lookups_refuses_every_write_and_the_run_lock()
    {
        HundredRows();
        var before = Fixture.Fingerprint();

        using (var store = Fixture.OpenForLookup())
        {
            Assert.Throws<InvalidOperationException>(() => store.RecordCleanups(new[] { Cleaned("job-001") }));
            Assert.Throws<InvalidOperationException>(() => store.SaveHold(ToolHold(HoldKind.Job, "job-001", "no")));
            Assert.Throws<InvalidOperationException>(() => store.DeleteStoredPolicies(null));
            Assert.Throws<InvalidOperationException>(() => store.ClaimJobs("w", Cleanable, null, 10, Now, Now.AddMinutes(5)));
            Assert.Throws<InvalidOperationException>(() => store.AcquireRunLock(new RunHolder("host", 1, Now, "user"), TimeSpan.Zero, CancellationToken.None));
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
        // The same writes through an ordinary open do change it: the refusal above is the lookup's doing.
        using (var store = Fixture.Open()) store.RecordCleanups(new[] { Cleaned("job-001") });
        Assert.NotEqual(before, Fixture.Fingerprint());
    }
}
