using CleanupTools.Configuration;
using CleanupTools.Tests.Engine;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// References 000/002's EEMT_CLEANUP_LOG_LEVEL (issue 9: it was silently ignored). The demo store holds a job whose
/// completion time is unreadable, so every run warns once; its eligible jobs give the report's info lines.
/// </summary>
public sealed class LogLevelCliTests
{
    private static Dictionary<string, string> Level(string value) => new() { ["EEMT_CLEANUP_LOG_LEVEL"] = value };

    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("info", LogLevel.Info)]
    [InlineData(" Warning ", LogLevel.Warning)]
    [InlineData("ERROR", LogLevel.Error)]
    public void The_level_is_read_in_any_case(string text, LogLevel expected) =>
        Assert.Equal(expected, LogLevels.Resolve(null, Env.Of(("EEMT_CLEANUP_LOG_LEVEL", text))));

    [Fact]
    public void A_parameter_beats_the_environment_and_CLEANUPTOOLS_LOG_LEVEL_beats_EEMT_CLEANUP_LOG_LEVEL()
    {
        Assert.Equal(LogLevel.Error, LogLevels.Resolve(LogLevel.Error, Env.Of(("EEMT_CLEANUP_LOG_LEVEL", "DEBUG"))));
        Assert.Equal(LogLevel.Warning, LogLevels.Resolve(null, Env.Of(("CLEANUPTOOLS_LOG_LEVEL", "warning"), ("EEMT_CLEANUP_LOG_LEVEL", "DEBUG"))));
        Assert.Equal(LogLevel.Info, LogLevels.Resolve(null, Env.Of()));
    }

    [Fact]
    public void A_bad_level_is_bad_input_that_names_the_variable_and_touches_nothing()
    {
        using var install = new DemoInstallation();
        var before = TreeSnapshot.Take(install.Base);

        var run = install.Cli(Level("LOUD"), "run", "--base-dir", install.Base);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("EEMT_CLEANUP_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR (got 'LOUD')", run.Stderr);
        Assert.Equal(before, TreeSnapshot.Take(install.Base));
    }

    [Fact]
    public void A_bad_log_level_option_is_bad_input()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("candidates", "--log-level", "chatty", "--base-dir", install.Base);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--log-level must be DEBUG, INFO, WARNING or ERROR", run.Stderr);
    }

    [Fact]
    public void DEBUG_adds_the_verbose_detail_and_INFO_does_not()
    {
        using var install = new DemoInstallation();

        var debug = install.Cli(Level("debug"), "run", "--dry-run", "--base-dir", install.Base);
        var info = install.Cli(Level("INFO"), "run", "--dry-run", "--base-dir", install.Base);

        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.Contains("[INFO] ", debug.Stderr);
        Assert.DoesNotContain("[INFO] ", info.Stderr);
        Assert.Contains("[DRY RUN] Summary", info.Stdout);
    }

    [Fact]
    public void WARNING_hides_the_report_lines_and_keeps_warnings()
    {
        using var install = new DemoInstallation();

        var run = install.Cli(Level("Warning"), "run", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Contains("[WARNING] ", run.Stderr);
        Assert.DoesNotContain("[INFO] ", run.Stderr);
    }

    [Fact]
    public void ERROR_keeps_only_errors_but_the_json_report_is_still_written()
    {
        using var install = new DemoInstallation();

        var run = install.Cli(Level("error"), "run", "--json", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("[WARNING] ", run.Stderr);
        Assert.True(run.Json().GetProperty("completed").GetBoolean());
    }

    [Fact]
    public void The_verbose_and_log_level_options_beat_the_environment()
    {
        using var install = new DemoInstallation();

        var verbose = install.Cli(Level("ERROR"), "run", "--dry-run", "--verbose", "--base-dir", install.Base);
        var option = install.Cli(Level("DEBUG"), "run", "--dry-run", "--log-level", "warning", "--base-dir", install.Base);

        Assert.Contains("[INFO] ", verbose.Stderr);
        Assert.Contains("[WARNING] ", verbose.Stderr);
        Assert.DoesNotContain("[INFO] ", option.Stderr);
        Assert.Equal("", option.Stdout);
    }

    [Theory]
    [InlineData(LogLevel.Info, true)]
    [InlineData(LogLevel.Warning, false)]
    [InlineData(LogLevel.Error, false)]
    public void The_progress_line_on_a_terminal_is_information(LogLevel level, bool shown)
    {
        var terminal = new StringWriter();
        using (var host = new CleanupTools.Cli.ConsoleHost(level, _ => { }, CancellationToken.None, new CleanupTools.Cli.ProgressLine(terminal, isTerminal: true)))
            host.WriteProgress(new CleanupTools.Operations.OperationProgress("Cleaning up job data", "4 of 29 jobs", 13));

        Assert.Equal(shown, terminal.ToString().Contains("4 of 29 jobs", StringComparison.Ordinal));
    }
}
