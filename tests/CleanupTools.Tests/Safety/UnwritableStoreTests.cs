using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A run that could not record what it deletes must not delete: a store it cannot write stops the run before the
/// first deletion, with a configuration error (CLI exit 2: nothing touched), whether or not the store was migrated.
/// </summary>
public sealed class UnwritableStoreTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_read_only_database_stops_the_run_before_anything_is_deleted(bool migratedBefore)
    {
        using var install = new JobInstallation();
        var jobs = Enumerable.Range(1, 4).Select(i => install.AddJob($"job-{i}", "completed", 400, seed: i)).ToArray();
        if (migratedBefore)
        {
            using var context = install.Open();
            context.Store.PrepareForWrites();
        }
        var database = File.ReadAllBytes(install.DbPath);
        File.SetUnixFileMode(install.DbPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var refused = Unprivileged.Run(() =>
            {
                using var context = install.Open(new CleanupOptions { AllowMassDeletion = true });
                return Assert.Throws<ConfigurationException>(() =>
                {
                    using var run = new CleanupRun(context, new RecordingHost(), dryRun: false);
                    run.RunEligible(CandidateFilter.None);
                    run.Complete();
                });
            });
            Assert.Contains("nothing was touched", refused.Message, StringComparison.OrdinalIgnoreCase);
            Assert.All(jobs, job => Assert.True(install.AllPresent(job), job.Id));
            Assert.Equal(database, File.ReadAllBytes(install.DbPath));
        }
        finally
        {
            File.SetUnixFileMode(install.DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void A_preview_of_the_same_read_only_store_still_works_and_changes_nothing()
    {
        using var install = new JobInstallation();
        install.AddJob("job-1", "completed", 400);
        var database = File.ReadAllBytes(install.DbPath);
        File.SetUnixFileMode(install.DbPath, UnixFileMode.UserRead);
        try
        {
            var results = Unprivileged.Run(() =>
            {
                using var context = install.Open();
                var host = new RecordingHost();
                using var run = new CleanupRun(context, host, dryRun: true);
                run.RunEligible(CandidateFilter.None);
                run.Complete();
                return host.Objects.OfType<CleanupResult>().ToArray();
            });
            Assert.Equal(CleanupOutcome.WouldDelete, Assert.Single(results).Outcome);
            Assert.Equal(database, File.ReadAllBytes(install.DbPath));
        }
        finally
        {
            File.SetUnixFileMode(install.DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
