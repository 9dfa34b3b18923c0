using CleanupTools.Configuration;
using CleanupTools.FileSystem;
using CleanupTools.FileSystem.Unix;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.FileSystemLimits;

/// <summary>
/// A mount inside a job's results (a bind mount of the same device, or another file system) is where someone
/// attached other data: the walk never crosses into it, as GNU rm --one-file-system does. It stays with
/// everything under it, the job result says why, and the job is not marked cleaned.
/// </summary>
public sealed class MountPointTests : IDisposable
{
    private readonly JobInstallation _install = new();
    private readonly Mounts _mounts = new();

    public void Dispose()
    {
        _mounts.Dispose();
        _install.Dispose();
    }

    [Fact]
    public void A_bind_mount_and_a_tmpfs_inside_a_jobs_results_survive_the_run_and_the_job_stays_unmarked()
    {
        var job = _install.AddJob("job-1", seed: 1);
        var other = _install.AddJob("job-2", seed: 2);
        var shared = Path.Combine(_install.Outside, "shared");
        JobInstallation.Write(Path.Combine(shared, "precious.bin"), 5000, 7);
        var bound = Path.Combine(_install.ResultsOf(job.Id), "outputs", "bound");
        Directory.CreateDirectory(bound);
        _mounts.Bind(shared, bound);
        var scratch = Path.Combine(_install.ResultsOf(job.Id), "scratch");
        Directory.CreateDirectory(scratch);
        _mounts.Tmpfs(scratch);
        JobInstallation.Write(Path.Combine(scratch, "on-tmpfs.bin"), 300, 8);
        var before = TreeSnapshot.Take(shared);

        var host = new RecordingHost();
        var summary = _install.Run(host, options: new() { AllowMassDeletion = true });

        Assert.Equal(before, TreeSnapshot.Take(shared));
        Assert.True(File.Exists(Path.Combine(bound, "precious.bin")));
        Assert.True(File.Exists(Path.Combine(scratch, "on-tmpfs.bin")));
        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id);
        Assert.Equal(CleanupOutcome.Partial, result.Outcome);
        Assert.False(result.DataDeleted);
        Assert.Contains(result.Errors, e => e == $"kept {bound}: {MountFence.Reason}");
        Assert.Contains(result.Errors, e => e == $"kept {scratch}: {MountFence.Reason}");
        // Only the two mounts are reported: the directories holding them stay without an error of their own.
        Assert.Equal(2, result.Errors.Count);
        Assert.Null(_install.CleanedAt(job.Id));
        // Everything else of the job went, and the other job was cleaned as usual.
        Assert.False(File.Exists(Path.Combine(_install.ResultsOf(job.Id), "workflow.log")));
        Assert.False(File.Exists(Path.Combine(_install.ResultsOf(job.Id), "outputs", "day_001.tif")));
        Assert.False(JobInstallation.Present(_install.UploadOf(job.Dem!)));
        Assert.False(_install.AnyPresent(other));
        Assert.NotNull(_install.CleanedAt(other.Id));
        Assert.Equal(1, summary.JobsWithErrors);
    }

    [Fact]
    public void A_dry_run_and_the_candidates_preview_do_not_count_what_is_under_a_mount()
    {
        var job = _install.AddJob("job-1", seed: 1);
        var shared = Path.Combine(_install.Outside, "shared");
        JobInstallation.Write(Path.Combine(shared, "big.bin"), 400_000, 7);
        var bound = Path.Combine(_install.ResultsOf(job.Id), "bound");
        Directory.CreateDirectory(bound);
        var resultsWithoutMount = DiskUsage.Of(_install.ResultsOf(job.Id)) - DiskUsage.Of(bound);
        _mounts.Bind(shared, bound);

        var results = StorageRoot.Create(StorageRoot.Results, _install.Results);
        var measured = SafeDeleter.Delete(PathGuard.Resolve(results, job.Id, "job id"), measureOnly: true);

        // What the run would free: everything but the mount, and not the directories that must stay to hold it.
        Assert.Equal(resultsWithoutMount - DiskUsage.Of(_install.ResultsOf(job.Id), includeBelow: false), measured.Tally.Bytes);
        Assert.Equal($"kept {bound}: {MountFence.Reason}", Assert.Single(measured.Tally.Errors));
        Assert.True(File.Exists(Path.Combine(bound, "big.bin")));
    }

    [Fact]
    public void A_job_directory_that_is_itself_a_mount_is_kept_whole()
    {
        var job = _install.AddJob("job-1", seed: 1);
        var shared = Path.Combine(_install.Outside, "shared");
        JobInstallation.Write(Path.Combine(shared, "precious.bin"), 5000, 7);
        _mounts.Bind(shared, _install.ResultsOf(job.Id));
        var results = StorageRoot.Create(StorageRoot.Results, _install.Results);

        var outcome = SafeDeleter.Delete(PathGuard.Resolve(results, job.Id, "job id"), measureOnly: false);

        Assert.False(outcome.Removed);
        Assert.Equal(0, outcome.Tally.Bytes);
        Assert.Equal($"kept {_install.ResultsOf(job.Id)}: {MountFence.Reason}", Assert.Single(outcome.Tally.Errors));
        Assert.True(File.Exists(Path.Combine(shared, "precious.bin")));
    }

    [Fact]
    public void Without_the_kernels_mount_root_flag_the_mount_table_finds_a_bind_mount_of_the_same_device()
    {
        var job = _install.AddJob("job-1", seed: 1);
        var shared = Path.Combine(_install.Outside, "shared with space");
        JobInstallation.Write(Path.Combine(shared, "precious.bin"), 5000, 7);
        var bound = Path.Combine(_install.ResultsOf(job.Id), "bound here"); // mountinfo escapes the space as \040
        Directory.CreateDirectory(bound);
        _mounts.Bind(shared, bound);
        var results = StorageRoot.Create(StorageRoot.Results, _install.Results);

        var outcome = new UnixTreeWalker { AlwaysUseMountTable = true }.Delete(PathGuard.Resolve(results, job.Id, "job id"), measureOnly: false);

        Assert.Equal($"kept {bound}: {MountFence.Reason}", Assert.Single(outcome.Tally.Errors));
        Assert.True(File.Exists(Path.Combine(bound, "precious.bin")));
        Assert.False(File.Exists(Path.Combine(_install.ResultsOf(job.Id), "workflow.log")));
    }

    [Fact]
    public void Storage_statistics_do_not_measure_a_mounted_file_system()
    {
        var job = _install.AddJob("job-1", seed: 1);
        var shared = Path.Combine(_install.Outside, "shared");
        JobInstallation.Write(Path.Combine(shared, "big.bin"), 400_000, 7);
        var bound = Path.Combine(_install.ResultsOf(job.Id), "bound");
        Directory.CreateDirectory(bound);
        var expected = DiskUsage.Of(_install.Results) - DiskUsage.Of(_install.Results, includeBelow: false) - DiskUsage.Of(bound);
        _mounts.Bind(shared, bound);

        var tally = SafeDeleter.Measure(_install.Results);

        Assert.Equal(expected - DiskUsage.Of(_install.ResultsOf(job.Id), includeBelow: false), tally.Bytes);
        Assert.Equal(2, tally.Files); // workflow.log, day_001.tif; nothing under the mount
    }

    [Theory]
    [InlineData(@"/srv/with\040space", "/srv/with space")]
    [InlineData(@"/a\011tab\012nl\134bs", "/a\ttab\nnl\\bs")]
    [InlineData("/plain", "/plain")]
    [InlineData(@"/short\04", @"/short\04")]
    public void Mountinfo_escapes_are_decoded(string field, string path) => Assert.Equal(path, MountFence.Unescape(field));
}
