using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Unix;
using CleanupTools.Operations;
using CleanupTools.Tests.Cli;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.FileSystemLimits;

/// <summary>
/// A results tree 12,000 levels deep (24,000 characters of path, far past PATH_MAX) once overflowed the stack in
/// candidates, run and stats (exit 134), after the run had deleted another job without recording it. The walks
/// keep their own stack and open each level relative to the one above, so the tree is measured and deleted whole.
/// </summary>
public sealed class DeepTreeTests : IDisposable
{
    private const int Depth = 12_000;
    private readonly TempTree _tree = new();

    public void Dispose()
    {
        DeepTree.Remove(_tree.Root);
        _tree.Dispose();
    }

    [Fact]
    public void The_descriptor_walker_measures_and_deletes_a_tree_deeper_than_any_path_can_name()
    {
        var results = StorageRoot.Create(StorageRoot.Results, _tree.Dir("results"));
        DeepTree.Create(_tree.Path("results", "job-deep"), Depth);
        var target = PathGuard.Resolve(results, "job-deep", "job id");
        var walker = new UnixTreeWalker();

        var measured = walker.Delete(target, measureOnly: true);
        var stats = walker.Measure(results.Path);
        var deleted = walker.Delete(target, measureOnly: false);

        Assert.Empty(measured.Tally.Errors);
        Assert.Equal(Depth + 1, measured.Tally.Directories); // job-deep and its 12,000 levels
        Assert.Equal(1, measured.Tally.Files);
        Assert.Equal(100, measured.Tally.ApparentBytes);
        Assert.Equal(Depth + 1, stats.Directories);
        Assert.Equal(measured.Tally.Bytes, stats.Bytes);
        Assert.True(deleted.Succeeded, string.Join("\n", deleted.Tally.Errors.Take(3)));
        Assert.Equal(measured.Tally.Bytes, deleted.Tally.Bytes);
        Assert.Equal(Depth + 1, deleted.Tally.Directories);
        Assert.False(Directory.Exists(target.FullPath));
    }

    [Fact]
    public void Candidates_run_and_stats_through_the_cli_finish_and_the_run_records_every_job()
    {
        using var install = new DemoInstallation();
        var victim = install.Rows().First(r => r.Status == "completed" && r.CleanedAt is null && install.EntriesOf(r).Results);
        DeepTree.Create(Path.Combine(install.Base, "results", victim.Id, "deep"), Depth);

        var candidates = install.Cli("candidates", "--json", "--base-dir", install.Base);
        var stats = install.Cli("stats", "--json", "--base-dir", install.Base);
        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--allow-mass-deletion");

        Assert.True(candidates.ExitCode == 0, candidates.ToString());
        Assert.Contains(candidates.Json().EnumerateArray(), c => c.GetProperty("job_id").GetString() == victim.Id);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var cleaned = install.Rows().Single(r => r.Id == victim.Id);
        Assert.NotNull(cleaned.CleanedAt);
        Assert.False(install.EntriesOf(cleaned).Results);
        // Every job the run reports as deleted is recorded: nothing went unrecorded.
        var reported = run.Json().GetProperty("job_details").EnumerateArray().Where(j => j.GetProperty("outcome").GetString() == "Deleted")
            .Select(j => j.GetProperty("job_id").GetString()).ToHashSet();
        Assert.Contains(victim.Id, reported);
        Assert.All(install.Rows().Where(r => reported.Contains(r.Id)), r => Assert.NotNull(r.CleanedAt));
    }

    [Fact]
    public void A_quarantine_copy_of_a_tree_too_deep_to_name_fails_that_job_cleanly_and_leaves_it_whole()
    {
        var source = _tree.Path("results", "job-deep");
        DeepTree.Create(source, Depth);
        var errors = new List<string>();

        var copied = FileSystem.Backups.TreeCopier.Copy(source, _tree.Path("copy"), errors);

        // Path-based copying stops where names exceed PATH_MAX: an error, not a crash, and the source untouched.
        Assert.False(copied);
        Assert.NotEmpty(errors);
        var measured = new UnixTreeWalker().Delete(PathGuard.Resolve(StorageRoot.Create(StorageRoot.Results, _tree.Path("results")), "job-deep", "job id"), measureOnly: true);
        Assert.Equal(Depth + 1, measured.Tally.Directories);
        Assert.Equal(1, measured.Tally.Files);
    }
}
