using CleanupTools.Tests.Cli;

namespace CleanupTools.Tests.Postgres;

/// <summary>`cleanuptools run --json --connection-string ...` as a separate process against the test cluster.</summary>
public sealed class PostgresCliRunTests
{
    [PostgresFact]
    public void A_run_cleans_exactly_the_eligible_jobs_files_and_marks_exactly_those_rows()
    {
        using var install = new PostgresCliInstallation();
        var keptEntries = new[] { "results/job-b", "uploads/b.tif", "temp/job-d", "results/job-e", "uploads/e.tif", "temp/job-f" };

        var run = install.Cli(null, ["run", "--json", "--connection-string", install.Schema.ConnectionString, .. install.Roots]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var details = run.Json().GetProperty("job_details").EnumerateArray().ToList();
        Assert.Equal(PostgresCliInstallation.EligibleIds, details.Select(d => d.GetProperty("job_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(details, d => Assert.True(d.GetProperty("data_deleted").GetBoolean()));
        // The disk: every entry of the eligible jobs is gone, every other job's entries are still there.
        foreach (var id in PostgresCliInstallation.EligibleIds) Assert.False(install.HasAnyEntry(id), id);
        Assert.False(File.Exists(install.Tree.Path("uploads", "a.tif")));
        Assert.False(File.Exists(install.Tree.Path("uploads", "c.tif")));
        foreach (var entry in keptEntries) Assert.True(Path.Exists(install.Tree.Path(entry.Split('/'))), entry);
        // The rows: marked for exactly the eligible jobs, each with a summary; none removed.
        Assert.Equal(PostgresCliInstallation.EligibleIds, install.CleanedIds());
        Assert.Equal(3L, install.Schema.Scalar("SELECT count(*) FROM jobs WHERE cleanup_summary IS NOT NULL"));
        Assert.Equal(7L, install.Schema.Scalar("SELECT count(*) FROM jobs"));
        Assert.DoesNotContain(install.Schema.Password, run.Stdout + run.Stderr);

        // A second run finds nothing left to do.
        var again = install.Cli(null, ["run", "--json", "--connection-string", install.Schema.ConnectionString, .. install.Roots]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(again.Json().GetProperty("job_details").EnumerateArray());
    }

    [PostgresFact]
    public void A_dry_run_deletes_nothing_and_writes_nothing()
    {
        using var install = new PostgresCliInstallation();
        var before = install.Schema.Fingerprint();

        var run = install.Cli(null, ["run", "--json", "--dry-run", "--connection-string", install.Schema.ConnectionString, .. install.Roots]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, run.Json().GetProperty("job_details").EnumerateArray().Count());
        Assert.Equal(before, install.Schema.Fingerprint());
        foreach (var id in PostgresCliInstallation.EligibleIds) Assert.True(install.HasAnyEntry(id), id);
    }
}
