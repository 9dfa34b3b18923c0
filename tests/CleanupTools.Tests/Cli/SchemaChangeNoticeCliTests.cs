using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// The first run on an application's store changes its schema and says so in one line, pointing at the CLI's own
/// --verbose for the list; --verbose lists each change after that line; a dry run changes nothing and says nothing.
/// </summary>
public sealed class SchemaChangeNoticeCliTests
{
    [Fact]
    public void The_first_run_says_it_changed_the_schema_in_one_line_that_points_at_verbose()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        var schema = Assert.Single(StderrLines(run), l => l.Contains("schema", StringComparison.Ordinal));
        Assert.Matches(@"^\[WARNING\] Changed the store's schema to keep CleanupTools' records in SQLite .*jobs\.db: \d+ changes \(--verbose lists them\)\.$", schema);

        // Already migrated: the next run says nothing about the schema.
        var again = install.Cli("run", "--base-dir", install.Base);
        Assert.DoesNotContain(StderrLines(again), l => l.Contains("schema", StringComparison.Ordinal));
    }

    [Fact]
    public void Verbose_lists_each_change_after_the_line_that_counts_them()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--verbose", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = StderrLines(run).Where(l => l.Contains("Changed the store's schema", StringComparison.Ordinal)).ToList();
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(lines[0], @": (\d+) changes").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"^\[WARNING\] Changed the store's schema .*: \d+ changes \(listed below\)\.$", lines[0]);
        Assert.Equal(count, lines.Count - 1);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("[INFO] Changed the store's schema: ", l));
        Assert.Contains("[INFO] Changed the store's schema: added column jobs.data_cleaned_at.", lines);
    }

    [Fact]
    public void A_dry_run_changes_no_schema_and_reports_none()
    {
        using var install = new DemoInstallation();
        var before = install.ScalarCount("SELECT COUNT(*) FROM sqlite_master") + "/" + install.ScalarCount("SELECT COUNT(*) FROM pragma_table_info('jobs')");

        var run = install.Cli("run", "--dry-run", "--verbose", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(StderrLines(run), l => l.Contains("schema", StringComparison.Ordinal));
        Assert.Equal(before, install.ScalarCount("SELECT COUNT(*) FROM sqlite_master") + "/" + install.ScalarCount("SELECT COUNT(*) FROM pragma_table_info('jobs')"));
    }

    private static string[] StderrLines(CliResult result) => result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
