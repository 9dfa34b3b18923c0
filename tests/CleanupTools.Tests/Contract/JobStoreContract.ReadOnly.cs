using CleanupTools.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>Reads never change the store: not a byte (SQLite), not a row version or a catalog entry (PostgreSQL).</summary>
public abstract partial class JobStoreContract
{
    [ContractFact]
    public void Every_read_on_an_unmigrated_store_leaves_it_identical()
    {
        HundredRows();
        var before = Fixture.Fingerprint();

        using (var store = Fixture.Open())
        {
            Assert.Equal(100, store.CountJobs(new JobQuery()));
            Assert.Equal(100, store.StreamJobs(new JobQuery(), 3).Count());
            Assert.NotEmpty(store.StreamJobs(new JobQuery(new[] { "completed" }, IncludeCleaned: true), 2));
            Assert.Equal(2, store.GetJobs(new[] { "job-001", "job-002", "nope" }).Count);
            Assert.Single(store.GetJobsByUpload(new[] { "job-003.tif" }));
            Assert.Empty(store.GetStoredPolicies());
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
        Assert.DoesNotContain("data_cleaned_at", Fixture.Columns("jobs"));
    }

    [ContractFact]
    public void A_write_does_change_the_fingerprint_so_the_identity_check_can_fail()
    {
        HundredRows(migrated: true);
        var before = Fixture.Fingerprint();

        using (var store = Fixture.Open())
            store.RecordCleanups(new[] { new JobCleanupRecord("job-001", null, "{}") });

        Assert.NotEqual(before, Fixture.Fingerprint());
    }
}
