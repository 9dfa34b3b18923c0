using System.Text.Json.Nodes;
using CleanupTools.FileSystem.Backups;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// Restores put an entry back only where it came from, never over newer data, over older data only with
/// force, and every refusal (and every measure-only call) leaves the whole tree exactly as it was.
/// </summary>
public sealed class RestoreTests : IDisposable
{
    private readonly BackupFixture _fixture = new();
    private readonly BackupRun _run;

    public RestoreTests()
    {
        _run = _fixture.Begin("run-1");
        Assert.True(_run.Quarantine(_fixture.AddJob("job-1"), "job-1", "completed-30d").Moved);
        Assert.True(_run.Quarantine(_fixture.AddJob("job-2", seed: 20), "job-2", "completed-30d").Moved);
    }

    public void Dispose() => _fixture.Dispose();

    private string JobPath(string name) => Path.Combine(_fixture.Results.Path, name);

    private BackupManifest Run => Assert.Single(BackupCatalog.List(_fixture.Backups));

    private BackupEntry Entry(string name) => Run.Entries.Single(e => e.Name == name);

    private RestoreOutcome Restore(BackupEntry entry, bool force = false, bool measureOnly = false) =>
        BackupRestorer.Restore(_fixture.Backups, Run, entry, force, measureOnly);

    private void AssertRefusedAndUnchanged(BackupEntry entry, string expected, bool force = false)
    {
        var before = ExactSnapshot.Take(_fixture.Tree.Root);

        var outcome = Restore(entry, force);

        Assert.NotNull(outcome.Error);
        Assert.Contains(expected, outcome.Error);
        Assert.False(outcome.Restored);
        Assert.Equal(before, ExactSnapshot.Take(_fixture.Tree.Root));
    }

    [Fact]
    public void Restoring_one_entry_removes_it_from_the_manifest_and_keeps_the_run_for_the_rest()
    {
        var outcome = Restore(Entry("job-1"));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(BackupFixture.JobBytes, outcome.Bytes);
        Assert.False(outcome.RunRemoved);
        Assert.True(Directory.Exists(JobPath("job-1")));
        Assert.Equal("job-2", Assert.Single(Run.Entries).Name);
        Assert.Empty(Run.Unlisted);
        Assert.True(Restore(Entry("job-2")).RunRemoved);
        Assert.False(Directory.Exists(_run.Directory));
    }

    [Fact]
    public void Newer_data_at_the_original_path_is_never_replaced_even_with_force()
    {
        BackupFixture.Write(Path.Combine(JobPath("job-1"), "rerun.tif"), 10, 5);

        AssertRefusedAndUnchanged(Entry("job-1"), "now holds newer data", force: true);
    }

    [Fact]
    public void Older_data_at_the_original_path_is_refused_without_force_and_replaced_with_it()
    {
        var backupBefore = ExactSnapshot.Take(Path.Combine(_run.Directory, "results", "job-1"));
        BackupFixture.Write(Path.Combine(JobPath("job-1"), "stale.bin"), 10, 5);
        Directory.SetLastWriteTimeUtc(JobPath("job-1"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        AssertRefusedAndUnchanged(Entry("job-1"), "restore with force");

        var outcome = Restore(Entry("job-1"), force: true);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(outcome.ReplacesExisting);
        Assert.Equal(backupBefore, ExactSnapshot.Take(JobPath("job-1")));
        Assert.False(File.Exists(Path.Combine(JobPath("job-1"), "stale.bin")));
    }

    [Fact]
    public void A_missing_parent_directory_is_named_and_nothing_changes()
    {
        Directory.Delete(_fixture.Results.Path);

        AssertRefusedAndUnchanged(Entry("job-1"), $"parent directory '{_fixture.Results.Path}'");
    }

    [Theory]
    [InlineData("../job-1")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void A_hostile_name_is_refused(string name)
    {
        var entry = Entry("job-1");

        AssertRefusedAndUnchanged(entry with { Name = name, BackupPath = $"results/{name}", OriginalPath = Path.Combine(_fixture.Results.Path, name) }, "unsafe");
    }

    [Theory]
    [InlineData("results/../../../outside/x")]
    [InlineData("/etc/passwd")]
    [InlineData("uploads/job-1")]
    [InlineData("results/job-1/..")]
    public void A_hostile_backup_path_is_refused(string backupPath)
    {
        AssertRefusedAndUnchanged(Entry("job-1") with { BackupPath = backupPath }, "backup_path");
    }

    [Fact]
    public void An_original_path_outside_its_root_is_refused_even_when_the_manifest_on_disk_says_so()
    {
        var outsideTarget = Path.Combine(_fixture.Outside, "job-1");
        AssertRefusedAndUnchanged(Entry("job-1") with { OriginalPath = outsideTarget }, "not directly inside");
        AssertRefusedAndUnchanged(Entry("job-1") with { OriginalPath = _fixture.Results.Path + "/sub/../job-1" }, "not normalised");

        // The same edit made to the manifest file itself: listed, but still refused.
        var manifestPath = Path.Combine(_run.Directory, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        json["entries"]![0]!["original_path"] = outsideTarget;
        File.WriteAllText(manifestPath, json.ToJsonString());
        var edited = Entry("job-1");
        Assert.Equal(outsideTarget, edited.OriginalPath);

        AssertRefusedAndUnchanged(edited, "not directly inside");
        Assert.False(Path.Exists(outsideTarget));
    }

    [Fact]
    public void An_entry_no_longer_in_the_manifest_or_for_an_unknown_root_is_refused()
    {
        var entry = Entry("job-1");
        Assert.True(Restore(entry).Succeeded);
        Directory.Delete(JobPath("job-1"), recursive: true);

        AssertRefusedAndUnchanged(entry, "does not list");
        AssertRefusedAndUnchanged(Entry("job-2") with { Root = "temp", BackupPath = "temp/job-2" }, "no configured root");
    }

    [Fact]
    public void A_backup_container_swapped_for_a_link_is_not_followed()
    {
        var container = Path.Combine(_run.Directory, "results");
        var moved = Path.Combine(_fixture.Outside, "moved-container");
        Directory.Move(container, moved);
        Directory.CreateSymbolicLink(container, moved);

        AssertRefusedAndUnchanged(Entry("job-1"), "is not a directory");
    }

    [Fact]
    public void Measure_only_reports_the_restore_and_changes_nothing()
    {
        BackupFixture.Write(Path.Combine(JobPath("job-1"), "stale.bin"), 10, 5);
        Directory.SetLastWriteTimeUtc(JobPath("job-1"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = ExactSnapshot.Take(_fixture.Tree.Root);

        var replacing = Restore(Entry("job-1"), force: true, measureOnly: true);
        var plain = Restore(Entry("job-2"), measureOnly: true);

        Assert.Equal(before, ExactSnapshot.Take(_fixture.Tree.Root));
        Assert.Null(replacing.Error);
        Assert.True(replacing.ReplacesExisting);
        Assert.False(replacing.Restored);
        Assert.Equal(BackupFixture.JobBytes, replacing.Bytes);
        Assert.Null(plain.Error);
        Assert.False(plain.ReplacesExisting);
        Assert.Equal(5, plain.Files);
    }
}
