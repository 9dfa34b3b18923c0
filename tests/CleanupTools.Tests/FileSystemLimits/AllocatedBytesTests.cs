using System.Diagnostics;
using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.FileSystemLimits;

/// <summary>
/// Freed bytes are what the file system gets back: a sparse file frees its allocated blocks, not its length, and
/// a hard-linked file frees nothing while another link (another job's, say) keeps it. Lengths stay available as
/// ApparentBytes on the tally.
/// </summary>
public sealed class AllocatedBytesTests : IDisposable
{
    private const long GiB = 1L << 30;
    private readonly JobInstallation _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public void A_sparse_gigabyte_and_a_link_to_a_file_another_job_keeps_free_only_their_blocks()
    {
        var job = _install.AddJob("job-1", seed: 1);
        var keeper = _install.AddJob("job-2-keeps", ageHours: 1, seed: 2); // too young to clean: it keeps its file
        var sparse = Path.Combine(_install.ResultsOf(job.Id), "outputs", "sparse.bin");
        using (var stream = File.Open(sparse, FileMode.CreateNew)) stream.SetLength(GiB);
        var kept = Path.Combine(_install.ResultsOf(keeper.Id), "outputs", "day_001.tif");
        Link(kept, Path.Combine(_install.ResultsOf(job.Id), "outputs", "shared.tif"));
        var expected = job.TotalBytes + DiskUsage.Of(sparse); // a sparse file holds (almost) no blocks
        Assert.True(DiskUsage.Of(sparse) < GiB / 1024, "the file system allocated the sparse file; the test needs holes");

        using var context = _install.Open();
        var candidate = Assert.Single(CandidateFinder.Find(context, CandidateFilter.None, includeKept: false, new RecordingHost()));
        var host = new RecordingHost();
        var dryRun = _install.Run(host, dryRun: true, options: new() { AllowMassDeletion = true });
        var run = _install.Run(new RecordingHost(), options: new() { AllowMassDeletion = true });

        Assert.Equal(job.Id, candidate.JobId);
        Assert.Equal(expected, candidate.SizeBytes);
        Assert.Equal(expected, dryRun.TotalBytesFreed);
        Assert.Equal(expected, run.TotalBytesFreed);
        Assert.True(File.Exists(kept));
        Assert.Equal(1, LinkCount(kept)); // the run removed only its own link
    }

    [Fact]
    public void A_file_hard_linked_twice_inside_one_tree_counts_once_whether_measured_or_deleted()
    {
        var results = StorageRoot.Create(StorageRoot.Results, _install.Results);
        var original = Path.Combine(_install.ResultsOf("job-1"), "a", "data.bin");
        JobInstallation.Write(original, 50_000, 3);
        Link(original, Path.Combine(_install.ResultsOf("job-1"), "b-data.bin"));
        var sparse = Path.Combine(_install.ResultsOf("job-1"), "a", "sparse.bin");
        using (var stream = File.Open(sparse, FileMode.CreateNew)) stream.SetLength(GiB);
        var expected = DiskUsage.Of(_install.ResultsOf("job-1")); // find counts each inode once too
        var target = PathGuard.Resolve(results, "job-1", "job id");

        var measured = SafeDeleter.Delete(target, measureOnly: true);
        var deleted = SafeDeleter.Delete(target, measureOnly: false);

        Assert.Equal(expected, measured.Tally.Bytes);
        Assert.Equal(expected, deleted.Tally.Bytes);
        Assert.Equal(50_000 + GiB, measured.Tally.ApparentBytes);
        Assert.Equal(50_000 + GiB, deleted.Tally.ApparentBytes);
        Assert.Equal(3, deleted.Tally.Files);
        Assert.False(Directory.Exists(target.FullPath));
    }

    [Fact]
    public void A_file_still_linked_from_outside_frees_nothing_and_stays_readable_there()
    {
        var results = StorageRoot.Create(StorageRoot.Results, _install.Results);
        var outside = Path.Combine(_install.Outside, "kept.bin");
        JobInstallation.Write(outside, 80_000, 4);
        Link(outside, Path.Combine(_install.ResultsOf("job-1"), "linked.bin"));
        var directoryOnly = DiskUsage.Of(_install.ResultsOf("job-1"), includeBelow: false);
        var target = PathGuard.Resolve(results, "job-1", "job id");

        var measured = SafeDeleter.Delete(target, measureOnly: true);
        var deleted = SafeDeleter.Delete(target, measureOnly: false);

        Assert.Equal(directoryOnly, measured.Tally.Bytes);
        Assert.Equal(directoryOnly, deleted.Tally.Bytes);
        Assert.Equal(0, deleted.Tally.ApparentBytes);
        Assert.Equal(1, deleted.Tally.Files);
        Assert.Equal(80_000, new FileInfo(outside).Length);
    }

    private static void Link(string existing, string link)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        using var ln = Process.Start("ln", new[] { "--", existing, link })!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }

    private static long LinkCount(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", new[] { "--format=%h", "--", path }) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
