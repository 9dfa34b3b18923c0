using CleanupTools.Tests.Cli;

namespace CleanupTools.Tests.Roots;

/// <summary>
/// Overlapping job roots through the real CLI: the two reproduced cases of issue 8 (a job id naming the database
/// or another root, an upload name equal to a running job's id) and a root linked onto another end in exit 2
/// with the whole tree, database included, byte-identical.
/// </summary>
public sealed class JobRootOverlapCliTests
{
    private static readonly string LongAgo = DemoInstallation.StoreTime(DateTimeOffset.UtcNow.AddHours(-5000));

    private static void AddJob(DemoInstallation install, string id, string status, string? dem) =>
        install.Execute("INSERT INTO jobs (id, workflow_type, status, completed_at, dem_filename) VALUES ($id, 'sol', $status, $at, $dem)",
            ("$id", id), ("$status", status), ("$at", status == "running" ? null : LongAgo), ("$dem", dem));

    private static void AssertRefusedUntouched(DemoInstallation install, SortedDictionary<string, string> before, CliResult run, params string[] named)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        foreach (var text in named) Assert.Contains(text, run.Stderr);
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void Job_ids_naming_the_database_and_the_uploads_root_with_results_dir_at_the_base_delete_nothing()
    {
        using var install = new DemoInstallation();
        AddJob(install, "jobs.db", "completed", null);
        AddJob(install, "uploads", "failed", null);
        AddJob(install, "job-live", "running", "job-live_dem.tif");
        File.WriteAllText(Path.Combine(install.Base, "uploads", "job-live_dem.tif"), "a running job's input");
        var before = install.Snapshot();

        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--results-dir", install.Base);

        AssertRefusedUntouched(install, before, run, $"'{install.Base}'", $"'{Path.Combine(install.Base, "uploads")}'");
    }

    [Fact]
    public void An_uploads_root_inside_the_results_root_never_deletes_a_running_jobs_results_through_an_upload_name()
    {
        using var install = new DemoInstallation();
        AddJob(install, "job-live", "running", null);
        AddJob(install, "job-old", "completed", "job-live");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(install.Base, "results", "job-live")).FullName, "day_001.tif"), "live output");
        var before = install.Snapshot();
        var uploads = Path.Combine(install.Base, "results");

        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--uploads-dir", uploads);

        AssertRefusedUntouched(install, before, run, "uploads directory", "results directory");
    }

    [Fact]
    public void A_temp_root_that_is_a_link_to_the_results_root_gives_exit_2_and_changes_nothing()
    {
        using var install = new DemoInstallation();
        var link = Path.Combine(install.Tree.Root, "temp-link");
        Directory.CreateSymbolicLink(link, Path.Combine(install.Base, "results"));
        var before = install.Snapshot();

        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--temp-dir", link);

        AssertRefusedUntouched(install, before, run, $"'{link}'", "after resolving links");
    }
}
