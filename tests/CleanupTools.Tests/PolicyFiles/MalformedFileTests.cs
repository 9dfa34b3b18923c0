using System.Diagnostics;
using System.Text;
using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;
using static CleanupTools.Tests.PolicyFiles.PolicyFileFixture;

namespace CleanupTools.Tests.PolicyFiles;

/// <summary>
/// Bad and hostile files: each is refused with a message naming its line and key, and the store (the database file
/// and everything beside it) is byte-identical afterwards: one bad key stores nothing.
/// </summary>
public sealed class MalformedFileTests
{
    public static TheoryData<string, string, string> Files() => new()
    {
        // file text, "line L, column C: key" expected in the message, and a word of the explanation
        { "retension:\n  successful_jobs:\n    days: 7\n", "line 1, column 1: retension:", "unknown key" },
        { "retention:\n  successful_jobs:\n    dayz: 7\n", "line 3, column 5: retention.successful_jobs.dayz:", "expected under retention.successful_jobs: hours, days, keep_metadata, keep_logs" },
        { "retention:\n  failed_jobs:\n    keep_logs: true\n", "line 3, column 5: retention.failed_jobs.keep_logs:", "keep_error_logs" },
        { "retention:\n  successful_jobs:\n    days: 7\n    days: 8\n", "line 4, column 5: retention.successful_jobs.days:", "given twice (first on line 3)" },
        { "retention:\n  successful_jobs:\n    days: 7\n    hours: 8\n", "line 4, column 5: retention.successful_jobs.hours:", "gives both days (line 3) and hours" },
        { "policies:\n  successful_jobs:\n    retention: 7d\n    hours: 8\n", "line 4, column 5: policies.successful_jobs.hours:", "gives both retention (line 3) and hours" },
        { "retention:\n  failed_jobs:\n    hours: -5\n", "line 3, column 12: retention.failed_jobs.hours:", "greater than zero" },
        { "retention:\n  failed_jobs:\n    hours: 1e9\n", "line 3, column 12: retention.failed_jobs.hours:", "must be a number" },
        { "retention:\n  failed_jobs:\n    hours: .inf\n", "line 3, column 12: retention.failed_jobs.hours:", "must be a number" },
        { "retention:\n  successful_jobs:\n    days: 40000\n", "line 3, column 11: retention.successful_jobs.days:", "longer than the 36500 days" },
        { "policies:\n  successful_jobs:\n    retention: 99999d\n", "line 3, column 16: policies.successful_jobs.retention:", "longer than the 36500 days" },
        { "policies:\n  successful_jobs:\n    retention: 7 days\n", "line 3, column 16: policies.successful_jobs.retention:", "not a retention" },
        { "policies:\n  successful_jobs:\n    retention: -7d\n", "line 3, column 16: policies.successful_jobs.retention:", "not a retention" },
        { "policies:\n  successful_jobs:\n    retention: 7\n", "line 3, column 16: policies.successful_jobs.retention:", "a whole number and a unit" },
        { "retention:\n  successful_jobs:\n    days: [7, 8]\n", "line 3, column 11: retention.successful_jobs.days:", "must be a single value, not a list" },
        { "policies:\n  dbt_logs:\n    retention:\n      days: 7\n", "line 4, column 7: policies.dbt_logs.retention:", "must be a single value, not a mapping" },
        { "retention:\n  successful_jobs: 7d\n", "line 2, column 20: retention.successful_jobs:", "must be a mapping" },
        { "retention:\n  successful_jobs:\n    days:\n", "line 3, column 10: retention.successful_jobs.days:", "has no value" },
        { "policies:\n  my_logs:\n    retention: 7d\n", "line 2, column 3: policies.my_logs:", "Unknown retention policy 'my_logs'" },
        { "policies:\n  my_logs:\n    root: /srv/app\n    retention: 7d\n", "line 2, column 3: policies.my_logs:", "Unknown retention policy 'my_logs'" },
        { "policies:\n  new_logs:\n    component: logs\n", "line 2, column 3: policies.new_logs:", "needs a retention" },
        { "policies:\n  successful_jobs:\n    action: nuke\n", "line 3, column 13: policies.successful_jobs.action:", "delete_data, delete_all or quarantine" },
        { "policies:\n  successful_jobs:\n    enabled: maybe\n", "line 3, column 14: policies.successful_jobs.enabled:", "true or false" },
        { "policies:\n  successful_jobs:\n    keep_newest: -1\n", "line 3, column 18: policies.successful_jobs.keep_newest:", "whole number from 0 to" },
        { "policies:\n  successful_jobs:\n    retention: 0d\n", "line 2, column 3: policies.successful_jobs:", "AllowMassDeletion" },
        { "policies:\n  x_logs:\n    component: configuration\n    retention: 1d\n", "line 2, column 3: policies.x_logs:", "always keeps" },
        { "policies:\n  x_logs:\n    component: logs\n    keep_newest: 3\n    retention: 1d\n", "line 2, column 3: policies.x_logs:", "keep-newest belongs on a job-status policy" },
        { "policies:\n  x_files:\n    root: relative/dir\n    patterns: ['*.x']\n    retention: 1d\n", "line 3, column 11: policies.x_files.root:", "not an absolute path" },
        { "policies:\n  x_files:\n    root: /srv/x\n    patterns: '*.x'\n    retention: 1d\n", "line 4, column 15: policies.x_files.patterns:", "must be a list of patterns" },
        { "policies:\n  x_files:\n    root: /srv/x\n    patterns: ['../*.x']\n    retention: 1d\n", "line 2, column 3: policies.x_files:", "x_files" },
        { "policies:\n  failed_operations:\n    match_status: completed\n", "line 2, column 3: policies.failed_operations:", "cannot be changed" },
        { "policies:\n  successful_jobs:\n    component: logs\n", "line 2, column 3: policies.successful_jobs:", "cannot be changed" },
        { "policies:\n  Bad-Name:\n    retention: 1d\n", "line 2, column 3: policies.Bad-Name:", "not a usable policy name" },
        { "retention:\n  successful_jobs:\n    days: 3\npolicies:\n  successful_jobs:\n    retention: 4d\n", "line 5, column 3: policies.successful_jobs:", "retention.successful_jobs (line 2) already sets" },
        { "performance:\n  batch_size: 0\n", "line 2, column 15: performance.batch_size:", "from 1 to" },
        { "performance:\n  threads: 4\n", "line 2, column 3: performance.threads:", "batch_size, parallel_delete, max_workers" },
        { "paths:\n  backups: /x\n", "line 2, column 3: paths.backups:", "database, uploads, results, logs, temp" },
        { "retention:\n\tsuccessful_jobs:\n    days: 7\n", "line 2, column 1: successful_jobs:", "tab" },
        { "retention:\n  successful_jobs:\n    days: 7\n   hours: 3\n", "line 4", "not valid YAML" },
        { "retention:\n  successful_jobs: {days: 7\n", "line 3, column 1: retention.successful_jobs", "not valid YAML" },
        { "retention: {}\n---\nretention: {}\n", "line 2, column 1:", "a second YAML document" },
        { "- retention\n", "line 1, column 1: (top level):", "not a list" },
        { "just text\n", "line 1, column 1: (top level):", "not a single value" },
        { "retention:\n  ? [a, b]\n  : 1\n", "line 2, column 5: retention:", "a key must be a plain name" },
        { "retention:\n  successful_jobs:\n    days: !!binary AAAA\n", "line 3, column 11: retention.successful_jobs.days:", "explicit tag" },
        { "policies:\n  a: &shared\n    retention: 1d\n  b: *shared\n", "line 2, column 6: policies.a:", "anchors and aliases are not accepted" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_bad_file_names_line_and_key_and_leaves_the_store_byte_identical(string text, string where, string why)
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, text);
        var before = Bytes(install);

        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));

        Assert.Contains($"cleanup_config.yaml, {where}", error.Message);
        Assert.Contains(why, error.Message);
        AssertUnchanged(before, install);
    }

    [Fact]
    public void One_bad_key_among_good_policies_stores_none_of_them_even_in_a_store_that_has_policies()
    {
        using var install = new JobInstallation();
        ImportText(install, "policies:\n  successful_jobs:\n    retention: 5d\n");
        var path = WriteFile(install, "policies:\n  successful_jobs:\n    retention: 9d\n  failed_jobs:\n    retention: 2h\n  dbt_logs:\n    retension: 3d\n", "second.yaml");
        var before = Bytes(install);

        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));

        Assert.Contains("second.yaml, line 7, column 5: policies.dbt_logs.retension: unknown key", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        AssertUnchanged(before, install);
        Assert.Equal(TimeSpan.FromDays(5), InForce(install)[PolicyNames.SuccessfulJobs].Retention);
    }

    [Fact]
    public void Every_problem_of_a_file_is_listed_with_its_own_line()
    {
        using var install = new JobInstallation();

        var error = Assert.Throws<ConfigurationException>(() => ImportText(install, "retention:\n  successful_jobs:\n    dayz: 7\n  failed_jobs:\n    hours: abc\nextra: 1\n"));

        Assert.Contains("3 problems", error.Message);
        Assert.Contains("line 3, column 5: retention.successful_jobs.dayz: unknown key", error.Message);
        Assert.Contains("line 5, column 12: retention.failed_jobs.hours: the retention must be a number (got 'abc')", error.Message);
        Assert.Contains("line 6, column 1: extra: unknown key", error.Message);
    }

    [Fact]
    public void A_rule_broken_by_one_policy_stores_none_of_the_others()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, "policies:\n  successful_jobs:\n    retention: 9d\n  failed_jobs:\n    retention: 0h\n");
        var before = Bytes(install);

        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));

        Assert.Contains("line 4, column 3: policies.failed_jobs:", error.Message);
        AssertUnchanged(before, install);
    }

    [Fact]
    public void A_zero_retention_imports_only_when_mass_deletion_is_allowed()
    {
        using var install = new JobInstallation();

        var result = ImportText(install, "policies:\n  failed_jobs:\n    retention: 0h\n", allowMassDeletion: true);

        Assert.Equal(TimeSpan.Zero, result.Policies.Single().Retention);
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_its_first_anchor_quickly_and_stores_nothing()
    {
        using var install = new JobInstallation();
        var bomb = new StringBuilder("policies:\n  successful_jobs:\n    retention: 7d\n");
        bomb.Append("lol0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 10; i++)
            bomb.Append($"lol{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        bomb.Append("description: *l9\n");
        var path = WriteFile(install, bomb.ToString());
        var before = Bytes(install);

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));
        watch.Stop();

        Assert.Contains("line 4, column 7: lol0: defines the anchor &l0; anchors and aliases are not accepted", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        AssertUnchanged(before, install);
    }

    [Fact]
    public void An_alias_without_an_anchor_is_refused_where_it_appears()
    {
        using var install = new JobInstallation();

        var error = Assert.Throws<ConfigurationException>(() => ImportText(install, "policies:\n  successful_jobs:\n    description: *nowhere\n"));

        Assert.Contains("line 3, column 18: policies.successful_jobs.description: uses the alias *nowhere", error.Message);
    }

    [Fact]
    public void A_file_over_one_mebibyte_is_refused_before_it_is_parsed()
    {
        using var install = new JobInstallation();
        var path = WriteFile(install, "policies:\n  successful_jobs:\n    retention: 7d\n" + new string('#', 1024 * 1024) + "\n");
        var before = Bytes(install);

        var error = Assert.Throws<ConfigurationException>(() => Import(install, path));

        Assert.Contains("larger than 1024 KiB", error.Message);
        AssertUnchanged(before, install);
    }

    [Fact]
    public void Deep_nesting_and_huge_value_counts_are_bounded()
    {
        using var install = new JobInstallation();

        var deep = Assert.Throws<ConfigurationException>(() => ImportText(install, "schedule: " + new string('[', 5000) + new string(']', 5000) + "\n"));
        var many = Assert.Throws<ConfigurationException>(() => ImportText(install, "schedule: [" + string.Join(",", Enumerable.Repeat("1", 30_000)) + "]\n"));

        Assert.Contains("nests deeper than 16 levels", deep.Message);
        Assert.Contains("line 1, column 26: schedule[", deep.Message);
        Assert.Contains("more than 20000 values", many.Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_or_is_empty_or_missing_is_refused()
    {
        using var install = new JobInstallation();
        var binary = install.Tree.Path("binary.yaml");
        File.WriteAllBytes(binary, new byte[] { 0x72, 0x65, 0xFF, 0xFE, 0x3A });
        var empty = WriteFile(install, "# only a comment\n", "empty.yaml");

        Assert.Contains("binary.yaml is not UTF-8 text", Assert.Throws<ConfigurationException>(() => Import(install, binary)).Message);
        Assert.Contains("empty.yaml holds no settings", Assert.Throws<ConfigurationException>(() => Import(install, empty)).Message);
        Assert.Contains("does not exist", Assert.Throws<ConfigurationException>(() => Import(install, install.Tree.Path("missing.yaml"))).Message);
    }
}
