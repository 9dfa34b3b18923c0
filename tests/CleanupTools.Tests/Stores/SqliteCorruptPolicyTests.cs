using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Stores.Sqlite;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Stores;

/// <summary>
/// SQLite stores any value in any column, so a hand-edited retention_seconds may be text, a fraction or a number no
/// retention can be: each is a configuration error naming the policy and the value (the range cases both stores
/// share are in the contract).
/// </summary>
public sealed class SqliteCorruptPolicyTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _db;

    public SqliteCorruptPolicyTests()
    {
        _db = JobsDb.Create(_tree.Path("jobs.db"), new JobRow("job-1", "completed", "2024-01-01 00:00:00"));
        using var store = SqliteJobStore.Open(_db, new JobTableMapping());
        store.SavePolicy(new StoredPolicy(PolicyNames.SuccessfulJobs, TimeSpan.FromDays(3), true, null, DateTimeOffset.UnixEpoch, "alice"));
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("'abc'", "'abc'", "not a whole number")]
    [InlineData("'NaN'", "'NaN'", "not a whole number")]
    [InlineData("1.5", "1.5", "not a whole number")]
    [InlineData("''", "''", "not a whole number")]
    [InlineData("1e300", "1E+300", "longer than the 36500 days")]
    [InlineData("-86400", "-86400", "negative")]
    public void A_retention_that_is_no_whole_number_of_seconds_in_range_names_the_policy_and_the_value(string sqlValue, string shown, string why)
    {
        JobsDb.Execute(_db, $"UPDATE cleanup_policies SET retention_seconds = {sqlValue}");

        using var store = SqliteJobStore.Open(_db, new JobTableMapping());
        var e = Assert.Throws<ConfigurationException>(() => store.GetStoredPolicies());
        Assert.Contains($"'{PolicyNames.SuccessfulJobs}'", e.Message);
        Assert.Contains($"retention_seconds {shown},", e.Message);
        Assert.Contains(why, e.Message);
    }
}
