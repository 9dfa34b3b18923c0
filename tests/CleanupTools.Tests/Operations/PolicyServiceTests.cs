using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// Set-/Reset-RetentionPolicy through PolicyService on a real SQLite store: new component and path-class
/// policies, refusals that write nothing (not even the table), resets, and -WhatIf.
/// </summary>
public sealed class PolicyServiceTests
{
    private static Dictionary<string, RetentionPolicy> Policies(JobInstallation install)
    {
        using var context = install.Open();
        return PolicyService.Get(context).ToDictionary(p => p.Name);
    }

    private static long StoredRows(JobInstallation install) =>
        install.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cleanup_policies'") is 0L
            ? 0
            : Convert.ToInt64(install.Scalar("SELECT COUNT(*) FROM cleanup_policies"), CultureInfo.InvariantCulture);

    [Fact]
    public void Set_creates_a_component_policy_scoped_to_failed_jobs()
    {
        using var install = new JobInstallation();

        var created = install.SetPolicy(new PolicyChange { Name = "failed_logs", Component = DataComponent.Logs, Status = JobStatus.Failed, Retention = TimeSpan.FromHours(6) });

        Assert.Equal(PolicyTargetKind.Component, created.TargetKind);
        Assert.Equal(DataComponent.Logs, created.Component);
        Assert.Equal(JobStatus.Failed, created.Status);
        Assert.Equal("failed/logs", created.Target);
        Assert.Equal(TimeSpan.FromHours(6), created.Retention);
        Assert.Equal(SettingSource.Stored, created.Source);
        var reread = Policies(install)["failed_logs"];
        Assert.Equal(created.Target, reread.Target);
        Assert.False(string.IsNullOrEmpty(reread.UpdatedBy));
        Assert.Equal(install.Clock.Now, reread.UpdatedAt);
        using var context = install.Open();
        Assert.Equal("failed_logs", context.Policies.ForComponent(DataComponent.Logs, JobStatus.Failed)?.Name);
        Assert.Null(context.Policies.ForComponent(DataComponent.Logs, JobStatus.Completed));
    }

    [Fact]
    public void Set_creates_a_path_class_policy_with_root_patterns_and_match_status()
    {
        using var install = new JobInstallation();
        var root = install.Tree.Dir("ops");

        var created = install.SetPolicy(new PolicyChange
        {
            Name = "failed_scratch", Root = root, Patterns = new[] { "**/*.scratch", "tmp/*.part" }, MatchStatus = "failed", Retention = TimeSpan.FromDays(2),
            Description = "scratch of failed operations",
        });

        Assert.Equal(PolicyTargetKind.PathClass, created.TargetKind);
        Assert.Equal(root, created.Root);
        Assert.Equal(new[] { "**/*.scratch", "tmp/*.part" }, created.Patterns);
        Assert.Equal("failed", created.MatchStatus);
        Assert.Equal(CleanupAction.DeleteAll, created.Action);
        var reread = Policies(install)["failed_scratch"];
        Assert.Equal(created.Patterns, reread.Patterns);
        Assert.Equal(TimeSpan.FromDays(2), reread.Retention);
        Assert.Equal("scratch of failed operations", reread.Description);
    }

    [Fact]
    public void An_unknown_name_without_component_or_patterns_is_an_error_listing_the_known_policies()
    {
        using var install = new JobInstallation();
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            var e = Assert.Throws<ConfigurationException>(() =>
                PolicyService.Set(context, new PolicyChange { Name = "all_jobs", Retention = TimeSpan.FromHours(5) }, new RecordingHost()));
            Assert.Contains("all_jobs", e.Message);
            foreach (var known in PolicyNames.BuiltIn) Assert.Contains(known, e.Message);
        }
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void A_new_policy_without_a_retention_is_refused()
    {
        using var install = new JobInstallation();
        var before = install.Snapshot();
        using (var context = install.Open())
            Assert.Throws<ConfigurationException>(() =>
                PolicyService.Set(context, new PolicyChange { Name = "log_files", Component = DataComponent.Logs }, new RecordingHost()));
        Assert.Equal(before, install.Snapshot());
    }

    [Theory]
    [InlineData("successful_jobs", "component")]
    [InlineData("successful_jobs", "status")]
    [InlineData("failed_jobs", "status")]
    [InlineData("failed_jobs", "patterns")]
    [InlineData("dbt_logs", "component")]
    [InlineData("dbt_logs", "status")]
    public void Changing_a_built_in_policys_target_is_refused(string name, string what)
    {
        using var install = new JobInstallation();
        var before = install.Snapshot();
        var change = what switch
        {
            "component" => new PolicyChange { Name = name, Component = DataComponent.Logs },
            "status" => new PolicyChange { Name = name, Status = name == "failed_jobs" ? JobStatus.Completed : JobStatus.Failed },
            _ => new PolicyChange { Name = name, Patterns = new[] { "**/*.log" } },
        };

        using (var context = install.Open())
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, change, new RecordingHost()));

        Assert.Equal(before, install.Snapshot());
        Assert.Equal(DefaultPolicies.Named(name)!.Target, Policies(install)[name].Target);
    }

    [Fact]
    public void Changing_a_stored_custom_policys_component_is_refused()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "log_files", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(24) });
        var before = install.Snapshot();

        using (var context = install.Open())
            Assert.Throws<ConfigurationException>(() =>
                PolicyService.Set(context, new PolicyChange { Name = "log_files", Component = DataComponent.Temp }, new RecordingHost()));
        Assert.Equal(before, install.Snapshot());
    }

    private static readonly (string Label, Func<string, PolicyChange> Make)[] Hostile =
    {
        ("empty name", _ => new PolicyChange { Name = "", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(1) }),
        ("name with a space", _ => new PolicyChange { Name = "a b", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(1) }),
        ("name with a leading digit", _ => new PolicyChange { Name = "1abc", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(1) }),
        ("64-character name", _ => new PolicyChange { Name = "a" + new string('b', 63), Component = DataComponent.Logs, Retention = TimeSpan.FromHours(1) }),
        ("sql in the name", _ => new PolicyChange { Name = "Drop;--", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(1) }),
        ("negative retention", _ => new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(-1) }),
        ("negative retention, allowed", _ => new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(-1), AllowMassDeletion = true }),
        ("over a century", _ => new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromDays(36_501) }),
        ("zero without AllowMassDeletion", _ => new PolicyChange { Name = "failed_jobs", Retention = TimeSpan.Zero }),
        ("sub-second retention", _ => new PolicyChange { Name = "failed_jobs", Retention = TimeSpan.FromMilliseconds(500) }),
        ("pattern with ..", root => new PolicyChange { Name = "bad_paths", Root = root, Patterns = new[] { "../etc/*" }, Retention = TimeSpan.FromDays(1) }),
        ("pattern with .. inside", root => new PolicyChange { Name = "bad_paths", Root = root, Patterns = new[] { "a/../../b" }, Retention = TimeSpan.FromDays(1) }),
        ("rooted pattern", root => new PolicyChange { Name = "bad_paths", Root = root, Patterns = new[] { "/etc/*.conf" }, Retention = TimeSpan.FromDays(1) }),
        ("backslash pattern", root => new PolicyChange { Name = "bad_paths", Root = root, Patterns = new[] { "logs\\*.log" }, Retention = TimeSpan.FromDays(1) }),
        ("root is /", _ => new PolicyChange { Name = "bad_paths", Root = "/", Patterns = new[] { "**/*.log" }, Retention = TimeSpan.FromDays(1) }),
        ("root / on a built-in", _ => new PolicyChange { Name = "system_logs", Root = "/" }),
        ("description over 1000", _ => new PolicyChange { Name = "successful_jobs", Description = new string('x', 1001) }),
        ("match status FAILED!", root => new PolicyChange { Name = "bad_paths", Root = root, Patterns = new[] { "*.json" }, MatchStatus = "FAILED!", Retention = TimeSpan.FromDays(1) }),
        ("change of nothing", _ => new PolicyChange { Name = "successful_jobs" }),
    };

    public static IEnumerable<object[]> HostileChanges() => Hostile.Select(c => new object[] { c.Label });

    [Theory]
    [MemberData(nameof(HostileChanges))]
    public void Hostile_input_is_refused_and_writes_nothing(string label)
    {
        using var install = new JobInstallation();
        var change = Hostile.Single(h => h.Label == label).Make(install.Outside);
        var before = install.Snapshot();
        var host = new RecordingHost();

        using (var context = install.Open())
        {
            var e = Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, change, host));
            Assert.False(string.IsNullOrWhiteSpace(e.Message), label);
        }

        Assert.Empty(host.ShouldProcessCalls);
        Assert.Equal(before, install.Snapshot());
        Assert.Equal(0, StoredRows(install));
    }

    [Fact]
    public void Hostile_input_leaves_an_existing_policy_table_byte_identical()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "failed_jobs", Retention = TimeSpan.FromHours(6) });
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "failed_jobs", Retention = TimeSpan.FromDays(-2) }, new RecordingHost()));
            Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "failed_jobs", Description = new string('d', 1001) }, new RecordingHost()));
        }

        Assert.Equal(before, install.Snapshot());
        Assert.Equal(TimeSpan.FromHours(6), Policies(install)["failed_jobs"].Retention);
    }

    [Fact]
    public void Reset_of_everything_removes_all_stored_rows_and_custom_policies()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(48), KeepNewest = 3 });
        install.SetPolicy(new PolicyChange { Name = "failed_jobs", Retention = TimeSpan.FromHours(6) });
        install.SetPolicy(new PolicyChange { Name = "log_files", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(24) });
        Assert.Equal(3, StoredRows(install));

        IReadOnlyList<RetentionPolicy>? after;
        using (var context = install.Open())
            after = PolicyService.Reset(context, null, new RecordingHost());

        Assert.NotNull(after);
        Assert.Equal(0, StoredRows(install));
        Assert.Equal(DefaultPolicies.All.Select(p => p.Name), after!.Select(p => p.Name));
        var policies = Policies(install);
        Assert.False(policies.ContainsKey("log_files"));
        Assert.Equal(DefaultPolicies.SuccessfulRetention, policies["successful_jobs"].Retention);
        Assert.Null(policies["successful_jobs"].KeepNewest);
        Assert.Equal(SettingSource.Default, policies["successful_jobs"].Source);
        Assert.Equal(DefaultPolicies.FailedRetention, policies["failed_jobs"].Retention);
    }

    [Fact]
    public void Reset_of_one_policy_restores_its_default_and_leaves_the_others()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(48) });
        install.SetPolicy(new PolicyChange { Name = "failed_jobs", Retention = TimeSpan.FromHours(6) });

        IReadOnlyList<RetentionPolicy>? after;
        using (var context = install.Open())
            after = PolicyService.Reset(context, new[] { "successful_jobs" }, new RecordingHost());

        var reset = Assert.Single(after!);
        Assert.Equal("successful_jobs", reset.Name);
        Assert.Equal(TimeSpan.FromHours(168), reset.Retention);
        Assert.Equal(SettingSource.Default, reset.Source);
        Assert.Equal(1, StoredRows(install));
        Assert.Equal(TimeSpan.FromHours(6), Policies(install)["failed_jobs"].Retention);
        Assert.Equal(TimeSpan.FromHours(168), Policies(install)["successful_jobs"].Retention);
    }

    [Fact]
    public void Reset_of_an_unknown_name_is_an_error_and_resets_nothing()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(48) });
        var before = install.Snapshot();

        using (var context = install.Open())
        {
            var e = Assert.Throws<ConfigurationException>(() => PolicyService.Reset(context, new[] { "successful_jobs", "nonesuch" }, new RecordingHost()));
            Assert.Contains("nonesuch", e.Message);
        }
        Assert.Equal(before, install.Snapshot());
    }

    [Fact]
    public void WhatIf_on_set_and_reset_writes_nothing()
    {
        using var install = new JobInstallation();
        var fresh = install.Snapshot();

        using (var context = install.Open())
        {
            var host = new RecordingHost(shouldProcess: false);
            Assert.Null(PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(1) }, host));
            Assert.Null(PolicyService.Set(context, new PolicyChange { Name = "log_files", Component = DataComponent.Logs, Retention = TimeSpan.FromHours(1) }, host));
            Assert.Null(PolicyService.Reset(context, null, host));
            Assert.Equal(3, host.ShouldProcessCalls.Count);
        }
        Assert.Equal(fresh, install.Snapshot());

        install.SetPolicy(new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(48) });
        var stored = install.Snapshot();
        using (var context = install.Open())
        {
            var host = new RecordingHost(shouldProcess: false);
            Assert.Null(PolicyService.Set(context, new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(2) }, host));
            Assert.Null(PolicyService.Reset(context, new[] { "successful_jobs" }, host));
            Assert.Null(PolicyService.Reset(context, null, host));
        }
        Assert.Equal(stored, install.Snapshot());
        Assert.Equal(TimeSpan.FromHours(48), Policies(install)["successful_jobs"].Retention);
    }

    [Fact]
    public void A_stored_retention_governs_the_next_preview()
    {
        using var install = new JobInstallation();
        install.AddJob("job-100h", "completed", 100, seed: 1);
        install.SetPolicy(new PolicyChange { Name = "successful_jobs", Retention = TimeSpan.FromHours(48) });

        using var context = install.Open();
        var candidate = Assert.Single(CandidateFinder.Find(context, CandidateFilter.None, includeKept: true, new RecordingHost()));
        Assert.Equal(CleanupAction.DeleteData, candidate.Action);
        Assert.Contains("48 h", candidate.Reason);
    }
}
