using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathRuns;

/// <summary>
/// Reference 001's operation files on a real tree: each file's own status picks the failed or completed policy,
/// unfinished operations are never touched, links are removed as links, and every removal is audited.
/// </summary>
public sealed class OperationFileRunTests : IDisposable
{
    // Files written now are 40 days old for the installation's clock.
    private readonly JobInstallation _install = new(DateTimeOffset.UtcNow.AddDays(40));
    private readonly string _operations;

    public OperationFileRunTests()
    {
        _operations = _install.Tree.Dir("operations");
        _install.AddJob("job-recent", "completed", 1); // keeps the job policies' own guard quiet
        foreach (var name in new[] { PolicyNames.PipelineOperations, PolicyNames.FailedOperations, PolicyNames.CompletedOperations })
            _install.SetPolicy(new PolicyChange { Name = name, Root = _operations });
    }

    public void Dispose() => _install.Dispose();

    private string Operation(string name, string json, double? ageDays = null)
    {
        var path = Path.Combine(_operations, name);
        File.WriteAllText(path, json);
        if (ageDays is { } days) File.SetLastWriteTimeUtc(path, _install.Clock.Now.AddDays(-days).UtcDateTime);
        return path;
    }

    [Fact]
    public void Each_operation_file_goes_by_its_own_status_and_unfinished_ones_stay()
    {
        var failed = Operation("operation_failed.json", """{"status": "failed", "id": 1}""");
        var completed = Operation("operation_completed.json", """{"status": "completed"}""");
        var plain = Operation("operation_plain.json", """{"progress": 10}""");
        var running = Operation("operation_running.json", """{"status": "running"}""", ageDays: 400);
        var youngFailure = Operation("operation_young.json", """{"status": "failed"}""", ageDays: 1);
        var nested = Path.Combine(_install.Tree.Dir("operations", "archive"), "operation_old.json");
        File.WriteAllText(nested, "{}");
        var host = new RecordingHost();

        var summary = _install.Run(host, options: new CleanupOptions { AllowMassDeletion = true });

        Assert.False(File.Exists(failed));   // failed_operations: 14 days
        Assert.False(File.Exists(plain));    // pipeline_operations: 30 days
        Assert.True(File.Exists(completed)); // completed_operations: 90 days
        Assert.True(File.Exists(running));
        Assert.True(File.Exists(youngFailure));
        Assert.True(File.Exists(nested));    // operation_*.json matches at the root only
        var paths = host.Of<CleanupResult>().Where(r => r.TargetKind == CleanupItemKind.Path).ToDictionary(r => r.Target);
        Assert.Equal(new[] { failed, plain }.Order(), paths.Keys.Order());
        Assert.Equal(PolicyNames.FailedOperations, paths[failed].Policy);
        Assert.Equal(PolicyNames.PipelineOperations, paths[plain].Policy);
        Assert.All(paths.Values, r => Assert.Equal(CleanupOutcome.Deleted, r.Outcome));
        Assert.Equal(2, summary.PathsProcessed);
        Assert.Contains($"path {failed} DeleteAll Deleted", _install.AuditRows());
        Assert.Contains($"path {plain} DeleteAll Deleted", _install.AuditRows());
    }

    [Fact]
    public void A_link_named_like_an_operation_file_is_removed_as_a_link_and_its_target_is_untouched()
    {
        var secret = Path.Combine(_install.Outside, "secret.json");
        File.WriteAllText(secret, """{"status": "failed"}""");
        var link = Path.Combine(_operations, "operation_link.json");
        File.CreateSymbolicLink(link, secret);
        Operation("operation_other.json", "{}", ageDays: 1);

        _install.Run(new RecordingHost(), options: new CleanupOptions { AllowMassDeletion = true });

        Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null);
        Assert.Equal("""{"status": "failed"}""", File.ReadAllText(secret));
    }

    [Fact]
    public void The_preview_lists_path_candidates_with_their_policy_and_changes_nothing()
    {
        var failed = Operation("operation_failed.json", """{"status": "failed"}""");
        Operation("operation_completed.json", """{"status": "completed"}""");
        var before = _install.Snapshot();

        using var context = _install.Open();
        var candidates = CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, new RecordingHost())
            .Where(c => c.TargetKind == CleanupItemKind.Path).ToDictionary(c => c.Target);

        Assert.Equal(CleanupAction.DeleteAll, candidates[failed].Action);
        Assert.Equal(PolicyNames.FailedOperations, candidates[failed].Policy);
        Assert.Null(candidates[failed].JobId);
        Assert.Contains("failed_operations retention of 14 days", candidates[failed].Reason);
        Assert.Equal(CleanupAction.Keep, candidates[Path.Combine(_operations, "operation_completed.json")].Action);
        Assert.Equal(before, _install.Snapshot());
    }

    [Fact]
    public void A_dry_run_reports_what_would_go_and_changes_nothing()
    {
        var failed = Operation("operation_failed.json", """{"status": "failed"}""");
        var before = _install.Snapshot();
        var host = new RecordingHost();

        _install.Run(host, dryRun: true);

        Assert.Equal(CleanupOutcome.WouldDelete, Assert.Single(host.Of<CleanupResult>(), r => r.Target == failed).Outcome);
        Assert.Equal(before, _install.Snapshot());
    }

    [Fact]
    public void A_path_hold_keeps_a_matching_file_from_its_policy()
    {
        var failed = Operation("operation_failed.json", """{"status": "failed"}""");
        _install.AddHold(HoldKind.Path, Path.Combine(_operations, "operation_f*.json"), "incident 42");

        _install.Run(new RecordingHost(), options: new CleanupOptions { AllowMassDeletion = true });

        Assert.True(File.Exists(failed));
    }

    [Fact]
    public void Removing_every_file_of_a_path_class_stops_the_run_before_anything_goes()
    {
        var first = Operation("operation_a.json", "{}");
        var second = Operation("operation_b.json", "{}");

        Assert.Throws<MassDeletionRefusedException>(() => _install.Run(new RecordingHost()));

        Assert.True(File.Exists(first) && File.Exists(second));
    }

    [Theory]
    [InlineData("results")]
    [InlineData("")]
    [InlineData("results/job-recent")]
    public void A_path_class_root_overlapping_job_data_is_refused_and_nothing_is_stored(string relative)
    {
        var before = File.ReadAllBytes(_install.DbPath);
        using var context = _install.Open();

        var error = Assert.Throws<ConfigurationException>(() =>
            PolicyService.Set(context, new PolicyChange { Name = PolicyNames.SystemLogs, Root = Path.Combine(_install.Base, relative) }, new RecordingHost()));

        Assert.Contains("kept apart", error.Message);
        Assert.Equal(before, File.ReadAllBytes(_install.DbPath));
    }

    [Fact]
    public void A_path_class_cannot_be_set_to_quarantine_since_runs_delete_what_path_classes_match()
    {
        var before = File.ReadAllBytes(_install.DbPath);
        using var context = _install.Open();

        var error = Assert.Throws<ConfigurationException>(() =>
            PolicyService.Set(context, new PolicyChange { Name = PolicyNames.FailedOperations, Action = CleanupAction.Quarantine }, new RecordingHost()));

        Assert.Contains("path classes delete", error.Message);
        Assert.Equal(before, File.ReadAllBytes(_install.DbPath));
    }
}
