using System.Globalization;
using System.Text.RegularExpressions;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// Each command's help lists only the options it reads, under headings, and every default it names is the engine's.
/// </summary>
public sealed partial class CommandHelpTests
{
    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sections of one command's help: heading, then each option's label and (unwrapped) description.</summary>
    private static Dictionary<string, Dictionary<string, string>> Help(params string[] command)
    {
        using var tree = new TempTree();
        var result = CliProcess.Run(tree.Root, command.Append("--help").ToArray());
        Assert.True(result.ExitCode == 0, result.ToString());
        var sections = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? section = null;
        string? label = null;
        foreach (var line in result.Stdout.Split('\n').Select(l => l.TrimEnd()))
        {
            if (line.Length == 0) continue;
            if (!line.StartsWith(' ') && line.EndsWith(':'))
            {
                sections[line.TrimEnd(':')] = section = new Dictionary<string, string>();
                label = null;
                continue;
            }
            if (section is null) continue;
            var row = Row().Match(line);
            if (row.Success)
            {
                label = row.Groups["label"].Value.Split(' ')[0].TrimEnd(',');
                section[label] = row.Groups["text"].Value;
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                label = line.Trim().Split(' ')[0].TrimEnd(',');
                section[label] = "";
            }
            else if (label is not null)
            {
                section[label] = (section[label] + " " + line.Trim()).Trim();
            }
        }
        return sections;
    }

    [GeneratedRegex(@"^  (?<label>\S.*?)\s{2,}(?<text>\S.*)$")]
    private static partial Regex Row();

    private static string DefaultOf(Dictionary<string, Dictionary<string, string>> help, string heading, string option)
    {
        Assert.True(help.TryGetValue(heading, out var section), $"no '{heading}' section; sections: {string.Join(", ", help.Keys)}");
        Assert.True(section.TryGetValue(option, out var text), $"{option} is not under '{heading}': {string.Join(", ", section.Keys)}");
        var match = Regex.Match(text, @"\(default ([^;),]+)");
        Assert.True(match.Success, $"{option} names no default: {text}");
        return match.Groups[1].Value.Trim();
    }

    [Fact]
    public void Run_help_defaults_are_the_engine_defaults()
    {
        var help = Help("run");
        var mapping = new JobTableMapping();

        Assert.Equal($"BASE/{CleanupSettings.DefaultDbFileName}", DefaultOf(help, "Store", "--db-path"));
        Assert.Equal($"BASE/{StorageRoot.Results}", DefaultOf(help, "Roots", "--results-dir"));
        Assert.Equal($"BASE/{StorageRoot.Uploads}", DefaultOf(help, "Roots", "--uploads-dir"));
        Assert.Equal($"BASE/{StorageRoot.Temp}", DefaultOf(help, "Roots", "--temp-dir"));
        Assert.Equal($"BASE/{StorageRoot.Logs}", DefaultOf(help, "Roots", "--logs-dir"));
        Assert.Equal($"BASE/{CleanupTools.FileSystem.Backups.BackupRoot.DefaultDirectoryName}", DefaultOf(help, "Roots", "--backup-dir"));
        Assert.Equal(Invariant(DefaultPolicies.SuccessfulRetention.TotalHours), DefaultOf(help, "Retention", "--success-retention"));
        Assert.Equal(Invariant(DefaultPolicies.SuccessfulRetention.TotalDays), DefaultOf(help, "Retention", "--success-retention-days"));
        Assert.Equal(Invariant(DefaultPolicies.FailedRetention.TotalHours), DefaultOf(help, "Retention", "--failed-retention"));
        Assert.Equal(Invariant(CleanupSettings.DefaultBatchSize), DefaultOf(help, "Performance", "--batch-size"));
        Assert.Equal(Invariant(CleanupSettings.DefaultMaxWorkers), DefaultOf(help, "Performance", "--max-workers"));
        Assert.Equal(PostgresSettingsResolver.DefaultHost, DefaultOf(help, "PostgreSQL store", "--db-host"));
        Assert.Equal(Invariant(PostgresSettingsResolver.ReferencePort), DefaultOf(help, "PostgreSQL store", "--db-port"));
        Assert.Equal(mapping.Table, DefaultOf(help, "Job table", "--jobs-table"));
        Assert.Equal(mapping.IdColumn, DefaultOf(help, "Job table", "--id-column"));
        Assert.Equal(mapping.StatusColumn, DefaultOf(help, "Job table", "--status-column"));
        Assert.Equal(mapping.CompletedAtColumn, DefaultOf(help, "Job table", "--completed-at-column"));
        Assert.Equal(mapping.DemFilenameColumn, DefaultOf(help, "Job table", "--dem-filename-column"));
        Assert.Equal(string.Join(",", mapping.CompletedStatuses), DefaultOf(help, "Job table", "--completed-status"));
        Assert.Equal(string.Join(",", mapping.FailedStatuses), DefaultOf(help, "Job table", "--failed-status"));
        Assert.Equal(Invariant(RunCoordination.DefaultLockTimeout.TotalSeconds), DefaultOf(help, "Options", "--lock-timeout"));
        Assert.Equal(Invariant(RunCoordination.DefaultClaimTtl.TotalSeconds), DefaultOf(help, "Options", "--claim-ttl"));
        Assert.Equal(Invariant(MassDeletionGuard.DefaultMaxDeletionPercent), DefaultOf(help, "Options", "--max-deletion-percent"));
        Assert.Equal(Invariant(CleanupSettings.DefaultBackupRetention.TotalDays), DefaultOf(help, "Options", "--backup-retention-days"));
        Assert.Equal(CleanupOptions.DefaultTrigger.ToString().ToLowerInvariant(), DefaultOf(help, "Options", "--type"));
    }

    [Fact]
    public void History_and_stats_help_defaults_are_the_engine_defaults()
    {
        Assert.Equal(Invariant(HistoryService.DefaultLimit), DefaultOf(Help("history"), "Options", "--limit"));
        var stats = Help("stats");
        Assert.Equal(Invariant(CleanupSettings.DefaultWarningPercent), DefaultOf(stats, "Options", "--warning-threshold"));
        Assert.Equal(Invariant(CleanupSettings.DefaultCriticalPercent), DefaultOf(stats, "Options", "--critical-threshold"));
    }

    [Fact]
    public void Run_help_groups_its_options_under_headings_in_order()
    {
        var help = Help("run");

        Assert.Equal(new[] { "Description", "Usage", "Options", "Roots", "Retention", "Store", "PostgreSQL store", "Job table", "Performance", "Output" }, help.Keys);
        Assert.Contains("--dry-run", help["Options"].Keys);
        Assert.Contains("--parallel", help["Options"].Keys);
        Assert.Contains("-v", help["Output"].Keys);
        Assert.Contains("--json", help["Output"].Keys);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("hold", "list")]
    [InlineData("hold", "add")]
    [InlineData("policy", "reset")]
    public void Store_only_commands_list_no_roots_retention_or_performance(params string[] command)
    {
        var help = Help(command);
        var listed = help.Values.SelectMany(s => s.Keys).ToList();

        Assert.Contains("--db-path", help["Store"].Keys);
        Assert.Contains("--connection-string", help["PostgreSQL store"].Keys);
        Assert.Contains("--jobs-table", help["Job table"].Keys);
        foreach (var absent in new[] { "Roots", "Retention", "Performance" }) Assert.DoesNotContain(absent, help.Keys);
        foreach (var option in new[] { "--results-dir", "--success-retention", "--failed-retention", "--batch-size", "--max-workers" })
            Assert.DoesNotContain(option, listed);
    }

    [Fact]
    public void Restore_lists_the_roots_but_no_retention_or_performance()
    {
        var help = Help("restore");

        Assert.Contains("--backup-dir", help["Roots"].Keys);
        Assert.Contains("--results-dir", help["Roots"].Keys);
        Assert.DoesNotContain("Retention", help.Keys);
        Assert.DoesNotContain("Performance", help.Keys);
    }

    [Theory]
    [InlineData("history", "--batch-size", "50")]
    [InlineData("history", "--success-retention", "24")]
    [InlineData("restore", "--max-workers", "2", "--job", "x")]
    public void An_option_a_command_does_not_use_exits_2(params string[] args)
    {
        using var install = new DemoInstallation();
        var before = install.Snapshot();

        var result = install.Cli(args.Append("--base-dir").Append(install.Base).ToArray());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"Unrecognized command or argument '{args[1]}'", result.Stderr);
        Assert.Equal(before, install.Snapshot());
    }
}
