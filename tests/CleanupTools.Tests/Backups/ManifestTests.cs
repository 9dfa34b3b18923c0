using System.Text.Json;
using CleanupTools.FileSystem.Backups;

namespace CleanupTools.Tests.Backups;

/// <summary>
/// The manifest on disk lists every moved entry as soon as Quarantine returns, so a run killed afterwards
/// loses nothing; an entry moved but not yet recorded shows up as unlisted; a broken manifest is reported, never thrown.
/// </summary>
public sealed class ManifestTests
{
    [Fact]
    public void The_manifest_on_disk_lists_each_entry_as_soon_as_it_is_moved()
    {
        using var fixture = new BackupFixture();
        var first = fixture.AddJob("job-1");
        var second = fixture.AddJob("job-2", seed: 7);
        var run = fixture.Begin("run-20250301");

        run.Quarantine(first, "job-1", "completed-30d");
        // A run killed here, before the second entry: the manifest already names the first.
        var afterOne = Assert.Single(BackupCatalog.List(fixture.Backups));
        Assert.Equal("job-1", Assert.Single(afterOne.Entries).Name);
        Assert.Empty(afterOne.Unlisted);

        run.Quarantine(second, null, "failed-7d");
        var afterTwo = Assert.Single(BackupCatalog.List(fixture.Backups));
        Assert.Equal(new[] { "job-1", "job-2" }, afterTwo.Entries.Select(e => e.Name));
        Assert.Null(afterTwo.Error);
        Assert.Equal(BackupFixture.Start, afterTwo.CreatedAt);
        Assert.False(File.Exists(Path.Combine(run.Directory, "manifest.json.tmp")));
    }

    [Fact]
    public void The_manifest_json_has_the_documented_shape()
    {
        using var fixture = new BackupFixture();
        var target = fixture.AddJob("job-1");
        var run = fixture.Begin("run-1");
        run.Quarantine(target, "job-1", "completed-30d");

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run.Directory, "manifest.json")));
        var root = document.RootElement;
        Assert.Equal("run-1", root.GetProperty("run_id").GetString());
        Assert.Equal("2025-03-01T12:00:00.0000000Z", root.GetProperty("created_at").GetString());
        var entry = Assert.Single(root.GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal("results", entry.GetProperty("root").GetString());
        Assert.Equal("job-1", entry.GetProperty("name").GetString());
        Assert.Equal(target.FullPath, entry.GetProperty("original_path").GetString());
        Assert.Equal("results/job-1", entry.GetProperty("backup_path").GetString());
        Assert.Equal("job-1", entry.GetProperty("job_id").GetString());
        Assert.Equal("completed-30d", entry.GetProperty("policy").GetString());
        Assert.Equal("directory", entry.GetProperty("kind").GetString());
        Assert.Equal(BackupFixture.JobBytes, entry.GetProperty("bytes").GetInt64());
        Assert.Equal(5, entry.GetProperty("files").GetInt64());
        Assert.EndsWith("Z", entry.GetProperty("last_write_utc").GetString());
        Assert.True(entry.GetProperty("quarantined_at").GetDateTimeOffset() > BackupFixture.Start);
    }

    [Fact]
    public void An_entry_moved_but_not_yet_recorded_is_reported_as_unlisted()
    {
        using var fixture = new BackupFixture();
        var listed = fixture.AddJob("job-1");
        var run = fixture.Begin("run-1");
        run.Quarantine(listed, "job-1", "p");
        // The crash window: the move happened, the manifest rewrite did not.
        fixture.AddJob("job-2");
        Directory.Move(Path.Combine(fixture.Results.Path, "job-2"), Path.Combine(run.Directory, "results", "job-2"));
        File.WriteAllText(Path.Combine(run.Directory, "stray.txt"), "?");

        var manifest = Assert.Single(BackupCatalog.List(fixture.Backups));

        Assert.Null(manifest.Error);
        Assert.Equal("job-1", Assert.Single(manifest.Entries).Name);
        Assert.Equal(new[] { "results/job-2", "stray.txt" }, manifest.Unlisted);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("{\"run_id\":\"run-bad\",\"entries\":[]}")]
    [InlineData("{\"run_id\":\"another-run\",\"created_at\":\"2020-01-01T00:00:00Z\",\"entries\":[]}")]
    [InlineData("{\"run_id\":\"run-bad\",\"created_at\":\"yesterday\",\"entries\":[]}")]
    [InlineData("{\"run_id\":\"run-bad\",\"created_at\":\"2020-01-01T00:00:00Z\",\"entries\":[{\"root\":\"results\"}]}")]
    [InlineData("{\"run_id\":\"run-bad\",\"created_at\":\"2020-01-01T00:00:00Z\",\"entries\":[{\"root\":\"results\",\"name\":\"..\",\"original_path\":\"/data/results/..\",\"backup_path\":\"results/..\",\"job_id\":null,\"policy\":\"p\",\"kind\":\"directory\",\"bytes\":1,\"files\":1,\"last_write_utc\":\"2020-01-01T00:00:00Z\",\"quarantined_at\":\"2020-01-01T00:00:00Z\"}]}")]
    public void A_malformed_manifest_is_listed_with_an_error_and_never_purged(string content)
    {
        using var fixture = new BackupFixture();
        var run = fixture.Begin("run-bad", startedAt: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        File.WriteAllText(Path.Combine(run.Directory, "manifest.json"), content);
        BackupFixture.Write(Path.Combine(run.Directory, "results", "job-1", "a.bin"), 10, 1);

        var manifest = Assert.Single(BackupCatalog.List(fixture.Backups));
        Assert.Equal("run-bad", manifest.RunId);
        Assert.NotNull(manifest.Error);
        Assert.Null(manifest.CreatedAt);

        var purge = BackupCatalog.Purge(fixture.Backups, TimeSpan.FromDays(7), BackupFixture.Start.AddYears(10), measureOnly: false);

        Assert.Empty(purge.Purged);
        Assert.Equal("run-bad", Assert.Single(purge.KeptUnreadable).RunId);
        Assert.True(File.Exists(Path.Combine(run.Directory, "results", "job-1", "a.bin")));
    }

    [Fact]
    public void A_run_without_a_manifest_or_with_a_linked_manifest_is_listed_with_an_error()
    {
        using var fixture = new BackupFixture();
        var missing = fixture.Begin("run-missing");
        File.Delete(Path.Combine(missing.Directory, "manifest.json"));
        var linked = fixture.Begin("run-linked");
        var elsewhere = fixture.Tree.File("outside/manifest.json", 0);
        File.Copy(Path.Combine(linked.Directory, "manifest.json"), elsewhere, overwrite: true);
        File.Delete(Path.Combine(linked.Directory, "manifest.json"));
        File.CreateSymbolicLink(Path.Combine(linked.Directory, "manifest.json"), elsewhere);

        var runs = BackupCatalog.List(fixture.Backups).ToDictionary(r => r.RunId);

        Assert.Contains("missing", runs["run-missing"].Error);
        Assert.Contains("not a regular file", runs["run-linked"].Error);
    }

    [Fact]
    public void Only_children_named_like_run_ids_are_listed_and_a_linked_run_is_an_error()
    {
        using var fixture = new BackupFixture();
        fixture.Begin("run-1");
        Directory.CreateDirectory(Path.Combine(fixture.Backups.Path, "not a run"));
        Directory.CreateDirectory(Path.Combine(fixture.Backups.Path, ".hidden"));
        Directory.CreateSymbolicLink(Path.Combine(fixture.Backups.Path, "run-2"), fixture.Results.Path);

        var runs = BackupCatalog.List(fixture.Backups);

        Assert.Equal(new[] { "run-1", "run-2" }, runs.Select(r => r.RunId).Order());
        Assert.Null(runs.Single(r => r.RunId == "run-1").Error);
        Assert.Contains("link", runs.Single(r => r.RunId == "run-2").Error);
    }

    [Fact]
    public void A_missing_backup_root_lists_nothing()
    {
        using var fixture = new BackupFixture();

        Assert.Empty(BackupCatalog.List(fixture.Backups));
        Assert.Empty(BackupCatalog.Purge(fixture.Backups, TimeSpan.Zero, BackupFixture.Start, measureOnly: false).Purged);
    }
}
