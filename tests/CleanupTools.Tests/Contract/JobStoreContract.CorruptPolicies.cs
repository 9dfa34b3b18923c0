using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// A cleanup_policies row edited by hand into a retention no policy may have is a configuration error naming the
/// policy and the value when the store reads it, never a crash and never a policy that runs.
/// </summary>
public abstract partial class JobStoreContract
{
    [ContractFact]
    public void A_negative_stored_retention_is_a_configuration_error_naming_the_policy_and_the_value() =>
        RefusedRetention("-1", "negative");

    [ContractFact]
    public void A_stored_retention_beyond_36500_days_is_a_configuration_error_naming_the_policy_and_the_value() =>
        RefusedRetention("3153686400", "longer than the 36500 days"); // 36 501 days

    [ContractFact]
    public void A_stored_retention_beyond_what_a_time_span_holds_is_a_configuration_error_not_an_overflow() =>
        RefusedRetention("9223372036854775807", "longer than the 36500 days");

    private void RefusedRetention(string value, string why)
    {
        OneRow();
        using (var store = Fixture.Open())
            store.SavePolicy(new StoredPolicy(PolicyNames.FailedJobs, TimeSpan.FromDays(3), true, null, Now, "alice"));
        Fixture.SetStoredRetention(PolicyNames.FailedJobs, value);

        using var reopened = Fixture.Open();
        var e = Assert.Throws<ConfigurationException>(() => reopened.GetStoredPolicies());
        Assert.Contains($"'{PolicyNames.FailedJobs}'", e.Message);
        Assert.Contains(value, e.Message);
        Assert.Contains(why, e.Message);
    }
}
