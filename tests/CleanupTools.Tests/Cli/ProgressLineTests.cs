using System.Diagnostics;
using System.Text.Json;
using CleanupTools.Cli;
using CleanupTools.Operations;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// Progress on the CLI without --verbose: a line updated in place on a terminal's stderr, and nothing at all when
/// stderr is a file or a pipe (cron, systemd, `2&gt;&gt; log`), nor ever on stdout.
/// </summary>
public sealed class ProgressLineTests
{
    [Fact]
    public void On_a_terminal_the_line_updates_in_place_and_is_cleared_at_the_end()
    {
        var terminal = new StringWriter();
        var line = new ProgressLine(terminal, isTerminal: true);

        line.Show(new OperationProgress("Cleaning up job data", "120 of 4000 jobs", 3));
        line.Show(new OperationProgress("Cleaning up job data", "9 jobs", -1));
        line.Show(new OperationProgress("Cleaning up job data", "Done", 100, Completed: true));

        const string first = "Cleaning up job data: 120 of 4000 jobs";
        const string second = "Cleaning up job data: 9 jobs";
        Assert.Equal($"\r{first}\r{second.PadRight(first.Length)}\r{new string(' ', second.Length)}\r", terminal.ToString());
        Assert.DoesNotContain('\n', terminal.ToString());
    }

    [Fact]
    public void A_command_that_ends_early_leaves_no_progress_line_behind()
    {
        var terminal = new StringWriter();
        var host = new ConsoleHost(CleanupTools.Configuration.LogLevel.Info, _ => { }, CancellationToken.None, new ProgressLine(terminal, isTerminal: true));
        host.WriteProgress(new OperationProgress("Cleaning up job data", "4 of 29 jobs", 13));

        host.Dispose();

        Assert.EndsWith($"\r{new string(' ', "Cleaning up job data: 4 of 29 jobs".Length)}\r", terminal.ToString());
    }

    [Fact]
    public void Not_on_a_terminal_it_writes_nothing()
    {
        var stream = new StringWriter();
        var line = new ProgressLine(stream, isTerminal: false);

        line.Show(new OperationProgress("Cleaning up job data", "120 of 4000 jobs", 3));
        line.Clear();
        line.Show(new OperationProgress("Cleaning up job data", "Done", 100, Completed: true));

        Assert.Equal("", stream.ToString());
    }

    [Fact]
    public void A_control_character_in_a_status_cannot_move_the_cursor()
    {
        var terminal = new StringWriter();
        new ProgressLine(terminal, isTerminal: true).Show(new OperationProgress("Checking", "job\u001b[2J\n1", 0));

        Assert.Equal("\rChecking: job\\u001b[2J\\n1", terminal.ToString());
    }

    [Fact]
    public void A_run_whose_stderr_is_not_a_terminal_shows_no_progress()
    {
        using var install = new DemoInstallation();

        var run = install.Cli("run", "--batch-size", "2", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain('\r', run.Stderr + run.Stdout);
        Assert.DoesNotContain("Cleaning up job data", run.Stderr + run.Stdout);
    }

    [Fact]
    public void A_run_on_a_terminal_shows_progress_on_stderr_only()
    {
        using var install = new DemoInstallation();
        var report = install.Tree.Path("cleanup.jsonl");

        // script(1) gives the run a pseudo-terminal, as an operator's shell would; stdout goes to a file, as in cron.
        var (code, terminal) = OnTerminal(install.Work, "run", "--json-lines", "--batch-size", "2", "--base-dir", install.Base, ">", report);

        Assert.True(code == 0, terminal);
        Assert.Matches(@"\rCleaning up job data: \d+ of \d+ jobs", terminal);
        var lines = File.ReadAllLines(report);
        var summary = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        Assert.DoesNotContain('\r', File.ReadAllText(report));
    }

    /// <summary>Runs the CLI under script(1), in a pseudo-terminal; returns its exit code and what the terminal showed.</summary>
    private static (int Code, string Terminal) OnTerminal(string workingDirectory, params string[] args)
    {
        if (!File.Exists("/usr/bin/script") && !File.Exists("/bin/script"))
            throw new Xunit.Sdk.XunitException("script(1) from util-linux is needed to give the CLI a terminal: install util-linux (bsdutils on Debian).");
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var command = string.Join(' ', new[] { dotnet, TestPaths.CliDll }.Concat(args).Select(a => a == ">" ? a : Quote(a)));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[] { "-qec", command, "/dev/null" }) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("CLEANUPTOOLS_", StringComparison.Ordinal) || k.StartsWith("EEMT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("cleanuptools under script(1) did not finish");
        }
        process.WaitForExit();
        return (process.ExitCode, output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult());
    }

    private static string Quote(string value) => $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
