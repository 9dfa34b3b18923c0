using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Policies.Files;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;
using static CleanupTools.Tests.PolicyFiles.PolicyFileFixture;

namespace CleanupTools.Tests.PolicyFiles;

/// <summary>The full form: export → import into a fresh store → export gives the same text and the same policies.</summary>
public sealed class RoundTripTests
{
    /// <summary>A store with every kind of policy and awkward values: odd units, quotes, a newline and non-ASCII in text.</summary>
    private static void Populate(JobInstallation install)
    {
        using var context = install.Open();
        var host = new RecordingHost();
        var ops = install.Tree.Dir("ops root");
        foreach (var change in new[]
                 {
                     new PolicyChange { Name = PolicyNames.SuccessfulJobs, Retention = TimeSpan.FromMinutes(90), KeepNewest = 3, KeepNewestPerWorkflow = true, Action = CleanupAction.Quarantine },
                     new PolicyChange { Name = PolicyNames.FailedJobs, Retention = TimeSpan.FromSeconds(45), Enabled = false, Description = "say \"why\"\nsecond line: tab\there, ü € 😀, back\\slash" },
                     new PolicyChange { Name = PolicyNames.DbtLogs, Root = ops, Patterns = new[] { "**/dbt*.log", "logs/#1 - x: *.txt" }, Enabled = false },
                     new PolicyChange { Name = "failed_logs", Component = DataComponent.Logs, Status = JobStatus.Failed, Retention = TimeSpan.FromDays(30) },
                     new PolicyChange { Name = "results_any", Component = DataComponent.Results, Retention = TimeSpan.FromHours(36), Enabled = false },
                     new PolicyChange { Name = "failed_scratch", Root = ops, Patterns = new[] { "*.scratch" }, MatchStatus = "failed", Retention = TimeSpan.FromDays(2), Description = "" },
                 })
        {
            Assert.NotNull(PolicyService.Set(context, change, host));
        }
    }

    [Fact]
    public void Export_import_into_a_fresh_store_and_export_again_gives_identical_text_and_equal_policies()
    {
        using var source = new JobInstallation();
        Populate(source);
        var first = Export(source);

        using var fresh = new JobInstallation();
        var path = WriteFile(fresh, first, "exported.yaml");
        var host = new RecordingHost();
        var result = Import(fresh, path, host);
        var second = Export(fresh);

        Assert.Equal(first, second);
        Assert.Empty(result.Warnings);
        Assert.All(host.Warnings, w => Assert.StartsWith("Changed the store's schema", w));
        Assert.Equal(InForce(source).Count, result.Policies.Count);
        var expected = InForce(source).Values.Select(Definition).ToArray();
        var actual = InForce(fresh).Values.Select(Definition).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_export_spells_out_every_field_in_the_documented_form()
    {
        using var install = new JobInstallation();
        Populate(install);

        var text = Export(install, PolicyNames.SuccessfulJobs, "failed_logs", "failed_scratch");

        var ops = install.Tree.Path("ops root");
        Assert.Equal(PolicyFileWriter.Header +
            "policies:\n" +
            "  successful_jobs:\n" +
            "    retention: 90m\n" +
            "    action: quarantine\n" +
            "    enabled: true\n" +
            "    keep_newest: 3\n" +
            "    keep_newest_per_workflow: true\n" +
            "    description: \"Completed jobs: delete results, uploaded DEM, logs and temp files; keep the job record and its configuration.\"\n" +
            "  failed_logs:\n" +
            "    component: logs\n" +
            "    status: failed\n" +
            "    retention: 30d\n" +
            "    action: delete_data\n" +
            "    enabled: true\n" +
            "  failed_scratch:\n" +
            $"    root: \"{ops}\"\n" +
            "    patterns:\n" +
            "      - \"*.scratch\"\n" +
            "    match_status: \"failed\"\n" +
            "    retention: 2d\n" +
            "    action: delete_all\n" +
            "    enabled: true\n" +
            "    description: \"\"\n", text);
    }

    [Fact]
    public void An_exported_file_imports_again_over_the_same_store_without_change()
    {
        using var install = new JobInstallation();
        Populate(install);
        var first = Export(install);
        var before = InForce(install).Values.Select(Definition).ToArray();

        Import(install, WriteFile(install, first, "again.yaml"));

        Assert.Equal(first, Export(install));
        Assert.Equal(before, InForce(install).Values.Select(Definition).ToArray());
    }

    [Fact]
    public void The_full_form_sets_every_field_whatever_the_store_held_before()
    {
        using var source = new JobInstallation();
        var defaults = Export(source);
        using var target = new JobInstallation();
        Populate(target);

        Import(target, WriteFile(target, defaults, "defaults.yaml"));

        var after = InForce(target);
        Assert.Equal(DefaultPolicies.SuccessfulRetention, after[PolicyNames.SuccessfulJobs].Retention);
        Assert.Null(after[PolicyNames.SuccessfulJobs].KeepNewest);
        Assert.False(after[PolicyNames.SuccessfulJobs].KeepNewestPerWorkflow);
        Assert.Equal(CleanupAction.DeleteData, after[PolicyNames.SuccessfulJobs].Action);
        Assert.True(after[PolicyNames.FailedJobs].Enabled);
        Assert.Equal(DefaultPolicies.Named(PolicyNames.FailedJobs)!.Description, after[PolicyNames.FailedJobs].Description);
        Assert.True(after.ContainsKey("failed_logs")); // an import merges: policies the file does not name stay
    }

    [Fact]
    public void Retention_text_is_the_shortest_exact_unit_and_parses_back()
    {
        foreach (var (span, text) in new[]
                 {
                     (TimeSpan.FromDays(7), "7d"), (TimeSpan.FromHours(12), "12h"), (TimeSpan.FromHours(36), "36h"),
                     (TimeSpan.FromMinutes(90), "90m"), (TimeSpan.FromSeconds(45), "45s"), (TimeSpan.FromDays(36_500), "36500d"),
                 })
        {
            Assert.Equal(text, PolicyFileRetention.Format(span));
            Assert.Equal(span, PolicyFileRetention.Parse(text));
        }
        Assert.Equal(TimeSpan.FromHours(168), PolicyFileRetention.Parse("168H"));
        Assert.Equal(TimeSpan.FromHours(36), PolicyFileRetention.ParseUnit("1.5", days: true));
    }

    /// <summary>What a policy is, without who stored it when and where its values came from.</summary>
    private static string Definition(RetentionPolicy p) =>
        $"{p.Name}|{p.TargetKind}|{p.Status}|{p.Component}|{p.Root}|{string.Join(",", p.Patterns)}|{p.MatchStatus}|{p.Retention}|{p.Action}|{p.Enabled}|{p.KeepNewest}|{p.KeepNewestPerWorkflow}|{p.Description}";
}
