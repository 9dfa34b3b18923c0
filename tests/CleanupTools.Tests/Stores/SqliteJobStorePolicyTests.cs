using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>Stored policies survive a round trip through the file, with who changed them and when.</summary>
public sealed class SqliteJobStorePolicyTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _db;

    public SqliteJobStorePolicyTests()
    {
        _db = JobsDb.Create(_tree.Path("jobs.db"), new JobRow("job-1", "completed", "2024-01-01 00:00:00"));
    }

    public void Dispose() => _tree.Dispose();

    private IReadOnlyList<StoredPolicy> Load()
    {
        using var store = SqliteJobStore.Open(_db, new JobTableMapping());
        return store.GetStoredPolicies();
    }

    [Fact]
    public void An_unmigrated_database_has_no_stored_policies()
    {
        Assert.Empty(Load());
    }

    [Fact]
    public void Saved_policies_load_back_equal_in_a_new_store()
    {
        var success = new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromHours(72), false, "three days, paused",
            new DateTimeOffset(2024, 6, 1, 9, 15, 30, TimeSpan.Zero), "alice@build01");
        var failed = new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromMinutes(90), true, null,
            new DateTimeOffset(2024, 6, 2, 10, 0, 0, TimeSpan.Zero), null);

        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
        {
            store.SavePolicy(success);
            store.SavePolicy(failed);
        }

        var loaded = Load().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { failed, success }, loaded);
    }

    [Fact]
    public void UpdatedAt_with_an_offset_is_stored_as_UTC_text_and_reads_back_as_the_same_instant()
    {
        var at = new DateTimeOffset(2024, 6, 1, 11, 15, 30, TimeSpan.FromHours(2));

        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
            store.SavePolicy(new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromHours(6), true, null, at, "bob@host"));

        Assert.Equal("2024-06-01 09:15:30", JobsDb.Scalar(_db, "SELECT updated_at FROM cleanup_policies WHERE name = 'failed_jobs'"));
        Assert.Equal(21600L, JobsDb.Scalar(_db, "SELECT retention_seconds FROM cleanup_policies WHERE name = 'failed_jobs'"));
        var loaded = Assert.Single(Load());
        Assert.Equal(at, loaded.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, loaded.UpdatedAt!.Value.Offset);
        Assert.Equal("bob@host", loaded.UpdatedBy);
    }

    [Fact]
    public void Saving_again_replaces_the_row_and_its_history()
    {
        using (var store = SqliteJobStore.Open(_db, new JobTableMapping()))
        {
            store.SavePolicy(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(7), true, "first", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), "alice@a"));
            store.SavePolicy(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(3), false, null, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), "bob@b"));
        }

        var loaded = Assert.Single(Load());
        Assert.Equal(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(3), false, null, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), "bob@b"), loaded);
    }

    [Fact]
    public void PolicyService_records_who_and_when_and_the_next_context_resolves_it_as_stored()
    {
        var now = new DateTimeOffset(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);
        var options = new CleanupOptions { BaseDir = _tree.Root };

        using (var context = CleanupContext.Open(options, EnvironmentReader.Empty, new FixedClock(now), _tree.Root))
        {
            var result = PolicyService.Set(context, new PolicyChange { Name = "FAILED_JOBS", Retention = TimeSpan.FromHours(30), Enabled = false, Description = "longer" }, new RecordingHost());
            Assert.NotNull(result);
            Assert.Equal(PolicyNames.FailedJobs, result.Name);
            Assert.Equal(TimeSpan.FromHours(30), result.Retention);
            Assert.Equal(SettingSource.Stored, result.Source);
        }

        using (var context = CleanupContext.Open(options, EnvironmentReader.Empty, new FixedClock(now), _tree.Root))
        {
            var failed = context.Policies.Failed;
            Assert.Equal(TimeSpan.FromHours(30), failed.Retention);
            Assert.Equal(SettingSource.Stored, failed.Source);
            Assert.False(failed.Enabled);
            Assert.Equal("longer", failed.Description);
            Assert.Equal(now, failed.UpdatedAt);
            Assert.Equal($"{Environment.UserName}@{Environment.MachineName}", failed.UpdatedBy);
            Assert.Equal(SettingSource.Default, context.Policies.Successful.Source);
        }
    }

    [Fact]
    public void A_retention_shorter_than_the_stored_second_is_rejected_before_anything_is_written()
    {
        var before = File.ReadAllBytes(_db);
        var host = new RecordingHost();

        using (var context = CleanupContext.Open(new CleanupOptions { BaseDir = _tree.Root }, EnvironmentReader.Empty, TimeProvider.System, _tree.Root))
        {
            var error = Assert.Throws<ConfigurationException>(() =>
                PolicyService.Set(context, new PolicyChange { Name = PolicyNames.SuccessfulJobs, Retention = TimeSpan.FromMilliseconds(500), Enabled = null, Description = null }, host));
            Assert.Contains("Retention", error.Message);
        }

        Assert.Empty(host.ShouldProcessCalls);
        Assert.Equal(before, File.ReadAllBytes(_db));
    }
}
