using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Safety;

/// <summary>
/// A link is removed as a link: its target, wherever it is, keeps every file, and no byte of the target is
/// counted as freed. Covered: links inside results/&lt;id&gt;/ (to a directory, a file, a kept job, the job itself),
/// results/&lt;id&gt; and temp/&lt;id&gt; themselves as links, an uploads entry linking to a file elsewhere, dangling links.
/// </summary>
public sealed class SymlinkTests
{
    [Fact]
    public void Links_inside_a_results_directory_are_removed_and_their_targets_keep_every_file()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-links", "completed", 400);
        var outsideDir = install.Tree.Dir("outside", "precious");
        JobInstallation.Write(Path.Combine(outsideDir, "a.dat"), 4096, 1);
        JobInstallation.Write(Path.Combine(outsideDir, "deep", "b.dat"), 8192, 2);
        var outsideFile = Path.Combine(install.Outside, "single.dat");
        JobInstallation.Write(outsideFile, 16384, 3);
        var kept = install.AddJob("job-recent", "completed", 2, seed: 5);
        Directory.CreateSymbolicLink(Path.Combine(install.ResultsOf(job.Id), "to-dir"), outsideDir);
        File.CreateSymbolicLink(Path.Combine(install.ResultsOf(job.Id), "outputs", "to-file.dat"), outsideFile);
        Directory.CreateSymbolicLink(Path.Combine(install.ResultsOf(job.Id), "to-kept-job"), install.ResultsOf(kept.Id));
        Directory.CreateSymbolicLink(Path.Combine(install.ResultsOf(job.Id), "loop"), install.ResultsOf(job.Id));
        var outsideBefore = TreeSnapshot.Take(install.Outside);
        var keptBefore = TreeSnapshot.Take(install.ResultsOf(kept.Id));

        var candidate = Assert.Single(Candidates(install));
        Assert.Equal(job.TotalBytes, candidate.SizeBytes); // the preview does not size link targets either

        var host = new RecordingHost();
        install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
        Assert.Equal(job.TotalBytes, result.BytesFreed);
        Assert.Empty(host.Errors);
        Assert.False(install.AnyPresent(job));
        Assert.Equal(outsideBefore, TreeSnapshot.Take(install.Outside));
        Assert.Equal(keptBefore, TreeSnapshot.Take(install.ResultsOf(kept.Id)));
        Assert.True(install.AllPresent(kept));
        Assert.NotNull(install.CleanedAt(job.Id));
    }

    [Fact]
    public void A_results_entry_that_is_itself_a_link_is_unlinked_and_the_directory_it_points_at_survives()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-linked", "failed", 40);
        Directory.Delete(install.ResultsOf(job.Id), recursive: true);
        Directory.Delete(install.TempOf(job.Id), recursive: true);
        var victim = install.Tree.Dir("outside", "victim");
        JobInstallation.Write(Path.Combine(victim, "data.bin"), 50_000, 7);
        JobInstallation.Write(Path.Combine(victim, "sub", "more.bin"), 60_000, 8);
        var victimTemp = install.Tree.Dir("outside", "victim-temp");
        JobInstallation.Write(Path.Combine(victimTemp, "scratch.bin"), 70_000, 9);
        Directory.CreateSymbolicLink(install.ResultsOf(job.Id), victim);
        Directory.CreateSymbolicLink(install.TempOf(job.Id), victimTemp);
        var outsideBefore = TreeSnapshot.Take(install.Outside);

        var host = new RecordingHost();
        install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
        Assert.Empty(host.Errors);
        Assert.False(JobInstallation.Present(install.ResultsOf(job.Id)));
        Assert.False(JobInstallation.Present(install.TempOf(job.Id)));
        Assert.Equal(outsideBefore, TreeSnapshot.Take(install.Outside));
        // Only the upload's bytes went; the links free nothing and are reported as the entries they were, not directories.
        Assert.Equal(job.UploadBytes, result.BytesFreed);
        Assert.Contains($"results/{job.Id}", result.FilesDeleted);
        Assert.Contains($"temp/{job.Id}", result.FilesDeleted);
        Assert.Empty(result.DirectoriesDeleted);
    }

    [Fact]
    public void An_upload_that_links_to_a_file_elsewhere_is_unlinked_and_that_file_is_kept()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-shared-dem", "completed", 200);
        var shared = Path.Combine(install.Outside, "shared_dem.tif");
        JobInstallation.Write(shared, 123_456, 11);
        File.Delete(install.UploadOf(job.Dem!));
        File.CreateSymbolicLink(install.UploadOf(job.Dem!), shared);
        var sharedBefore = TreeSnapshot.Take(install.Outside);

        var host = new RecordingHost();
        install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
        Assert.False(JobInstallation.Present(install.UploadOf(job.Dem!)));
        Assert.Equal(sharedBefore, TreeSnapshot.Take(install.Outside));
        Assert.Equal(job.ResultsBytes + job.TempBytes, result.BytesFreed);
        Assert.Contains($"uploads/{job.Dem}", result.FilesDeleted);
    }

    [Fact]
    public void Dangling_links_are_removed_without_error()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-dangling", "completed", 200);
        var missing = Path.Combine(install.Outside, "was-here");
        Directory.CreateSymbolicLink(Path.Combine(install.ResultsOf(job.Id), "dangling-dir"), missing);
        File.CreateSymbolicLink(Path.Combine(install.TempOf(job.Id), "dangling-file"), Path.Combine(missing, "x.bin"));
        File.Delete(install.UploadOf(job.Dem!));
        File.CreateSymbolicLink(install.UploadOf(job.Dem!), Path.Combine(missing, "dem.tif"));

        var host = new RecordingHost();
        install.Run(host);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.Deleted, result.Outcome);
        Assert.Empty(host.Errors);
        Assert.Empty(result.Errors);
        Assert.False(install.AnyPresent(job));
        Assert.False(JobInstallation.Present(missing));
        Assert.Contains($"uploads/{job.Dem}", result.FilesDeleted);
        Assert.Equal(new[] { $"results/{job.Id}", $"temp/{job.Id}" }, result.DirectoriesDeleted.Order());
        Assert.Equal(job.ResultsBytes + job.TempBytes, result.BytesFreed);
        Assert.NotNull(install.CleanedAt(job.Id));
    }

    [Fact]
    public void A_dry_run_over_links_measures_only_the_links_and_removes_nothing()
    {
        using var install = new JobInstallation();
        var job = install.AddJob("job-links", "completed", 400);
        var outsideFile = Path.Combine(install.Outside, "huge.dat");
        JobInstallation.Write(outsideFile, 200_000, 3);
        File.CreateSymbolicLink(Path.Combine(install.ResultsOf(job.Id), "huge.dat"), outsideFile);
        var before = install.Snapshot();

        var host = new RecordingHost();
        install.Run(host, dryRun: true);

        var result = Assert.Single(host.Of<CleanupResult>());
        Assert.Equal(CleanupOutcome.WouldDelete, result.Outcome);
        Assert.Equal(job.TotalBytes, result.BytesFreed);
        Assert.Equal(before, install.Snapshot());
    }

    private static List<CleanupCandidate> Candidates(JobInstallation install)
    {
        using var context = install.Open();
        return CandidateFinder.Find(context, CandidateFilter.None, includeKept: false, new RecordingHost()).ToList();
    }
}
