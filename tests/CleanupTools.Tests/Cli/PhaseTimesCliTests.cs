using System.Globalization;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// CLEANUPTOOLS_PHASE_TIMES=1 (for bench/): `run` ends with one [PHASES] line on stderr naming every phase in
/// milliseconds, the JSON report on stdout unchanged; without the variable there is no such line.
/// </summary>
public sealed class PhaseTimesCliTests
{
    private static readonly string[] Phases =
    {
        "total", "open", "prepare", "guard", "select", "plan", "wait", "record", "report", "finish", "other", "workers.recheck", "workers.delete",
    };

    [Fact]
    public void With_the_variable_a_run_ends_with_its_phase_times_on_stderr_and_its_report_intact()
    {
        using var tree = new TempTree();
        var storeDir = tree.Path("store");
        Assert.Equal(0, CliProcess.Run(tree.Root, "demo", "--path", storeDir).ExitCode);
        using var install = new DemoInstallation(tree, storeDir);

        var run = install.Cli(new Dictionary<string, string> { ["CLEANUPTOOLS_PHASE_TIMES"] = "1" }, "run", "--json", "--base-dir", storeDir);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.NotEmpty(run.Json().GetProperty("job_details").EnumerateArray());
        var line = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("[PHASES] ", StringComparison.Ordinal));
        var values = line["[PHASES] ".Length..].Trim().Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        Assert.Equal(Phases, values.Keys);
        Assert.True(values["workers.delete"] > 0, line);
        Assert.True(values["total"] >= values["open"] + values["plan"] + values["record"], line);
    }

    [Fact]
    public void Without_the_variable_a_run_prints_no_phase_times()
    {
        using var tree = new TempTree();
        var storeDir = tree.Path("store");
        Assert.Equal(0, CliProcess.Run(tree.Root, "demo", "--path", storeDir).ExitCode);
        using var install = new DemoInstallation(tree, storeDir);

        var run = install.Cli("run", "--json", "--base-dir", storeDir);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("[PHASES]", run.Stderr);
    }
}
