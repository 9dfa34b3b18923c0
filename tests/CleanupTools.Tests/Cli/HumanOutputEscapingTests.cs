using CleanupTools.Reports;
using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// Ids and names come from an application's table: a newline, carriage return, NUL or escape sequence in one must
/// not forge a log line or recolour a terminal in the CLI's text output or on stderr.
/// </summary>
public sealed class HumanOutputEscapingTests
{
    private const string ForgedId = "job-x\n[ERROR] forged line\r\u001b[31mred\0end";

    [Theory]
    [InlineData("candidates", "--include-kept")]
    [InlineData("run", "--verbose")]
    [InlineData("run", "--dry-run")]
    [InlineData("history", "")]
    public void A_hostile_id_shows_escaped_and_forges_no_line(string command, string option)
    {
        using var install = new JobInstallation(DateTimeOffset.UtcNow);
        install.AddJob("job-plain", "completed", 400, seed: 1);
        // No files: a hostile id is still listed, decided and reported, but never a path.
        install.AddJob(ForgedId, "completed", 400, withFiles: false, seed: 2);
        install.AddJob("job-keep", "running", 400, seed: 3);
        var work = install.Tree.Dir("work");
        // The hostile job itself fails (no path is built from an id with a NUL): exit 1, with its error escaped too.
        if (command == "history")
            Assert.Equal(1, CliProcess.Run(work, null, ["run", "--allow-mass-deletion", "--base-dir", install.Base]).ExitCode);

        var args = new List<string> { command, "--base-dir", install.Base };
        if (option.Length > 0) args.Add(option);
        var result = CliProcess.Run(work, null, args.ToArray());

        Assert.True(result.ExitCode == (command == "run" ? 1 : 0), result.ToString());
        var output = result.Stdout + result.Stderr;
        Assert.Contains(HumanText.Escape(ForgedId), output);
        // Characters, compared ordinally: a culture-aware search ignores NUL and finds it everywhere.
        Assert.False(output.Contains('\r'), "a carriage return reached the output");
        Assert.False(output.Contains('\0'), "a NUL reached the output");
        Assert.False(output.Contains('\u001b'), "an escape sequence reached the output");
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("[ERROR] forged", StringComparison.Ordinal));
    }

    [Fact]
    public void Escape_shows_every_control_character_and_leaves_other_text_alone()
    {
        Assert.Equal("a\\nb\\rc\\td\\0e\\u001bf\\u2028g\\u007f", HumanText.Escape("a\nb\rc\td\0e\u001bf\u2028g\u007f"));
        Assert.Equal("uploads/dem ü 東京.tif", HumanText.Escape("uploads/dem ü 東京.tif"));
        Assert.Equal("", HumanText.Escape(null));
    }
}
