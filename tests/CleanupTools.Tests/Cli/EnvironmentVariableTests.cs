using System.Text.Json;

namespace CleanupTools.Tests.Cli;

/// <summary>References 000/002's variables in the child's environment: EEMT_BASE_DIR and EEMT_SUCCESS_RETENTION_HOURS.</summary>
public sealed class EnvironmentVariableTests
{
    [Fact]
    public void EEMT_BASE_DIR_locates_the_installation_when_no_option_does()
    {
        using var install = new DemoInstallation();
        var env = new Dictionary<string, string> { ["EEMT_BASE_DIR"] = install.Base };
        var byOption = install.Cli("candidates", "--json", "--base-dir", install.Base).Json();

        var byEnvironment = install.Cli(env, "candidates", "--json");
        var run = install.Cli(env, "run", "--json");

        Assert.True(byEnvironment.ExitCode == 0, byEnvironment.ToString());
        Assert.Equal(Ids(byOption), Ids(byEnvironment.Json()));
        Assert.All(byEnvironment.Json().EnumerateArray(), c =>
            Assert.All(c.GetProperty("paths").EnumerateArray(), p => Assert.StartsWith(install.Base + Path.DirectorySeparatorChar, p.GetString())));
        Assert.True(run.ExitCode == 0, run.ToString());
        var cleaned = run.Json().GetProperty("job_details").EnumerateArray().Select(d => d.GetProperty("job_id").GetString()!).Order().ToArray();
        Assert.Equal(Ids(byOption), cleaned);
        Assert.Equal(cleaned, install.Rows().Where(r => r.CleanedAt is not null).Select(r => r.Id).Order());
    }

    [Fact]
    public void A_base_dir_option_outranks_EEMT_BASE_DIR()
    {
        using var install = new DemoInstallation();
        var decoy = install.Tree.Dir("decoy");

        var result = install.Cli(new Dictionary<string, string> { ["EEMT_BASE_DIR"] = decoy }, "candidates", "--json", "--base-dir", install.Base);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(result.Json().EnumerateArray());
    }

    [Fact]
    public void EEMT_RESULTS_DIR_wins_over_the_results_root_a_base_dir_option_derives()
    {
        using var install = new DemoInstallation();
        var moved = install.Tree.Path("elsewhere", "results");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(Path.Combine(install.Base, "results"), moved);
        var env = new Dictionary<string, string> { ["EEMT_RESULTS_DIR"] = moved };

        var candidates = install.Cli(env, "candidates", "--json", "--base-dir", install.Base);
        var run = install.Cli(env, "run", "--json", "--base-dir", install.Base);

        Assert.True(candidates.ExitCode == 0, candidates.ToString());
        var results = candidates.Json().EnumerateArray().SelectMany(c => c.GetProperty("paths").EnumerateArray()).Select(p => p.GetString()!)
            .Where(p => Path.GetFileName(Path.GetDirectoryName(p)) == "results" || p.Contains("results")).ToArray();
        Assert.NotEmpty(results);
        Assert.All(results, p => Assert.StartsWith(moved + Path.DirectorySeparatorChar, p));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(results, p => Assert.False(Directory.Exists(p), p));
        Assert.False(Directory.Exists(Path.Combine(install.Base, "results")));
    }

    [Fact]
    public void EEMT_BASE_DIR_pointing_at_nothing_is_bad_input()
    {
        using var install = new DemoInstallation();

        var absent = install.Tree.Path("absent");

        var result = install.Cli(new Dictionary<string, string> { ["EEMT_BASE_DIR"] = absent }, "candidates", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        // The message names the database the variable pointed at, not one in the working directory.
        Assert.Contains($"'{Path.Combine(absent, "jobs.db")}' does not exist", result.Stderr);
        Assert.False(Directory.Exists(absent));
    }

    [Fact]
    public void EEMT_SUCCESS_RETENTION_HOURS_shortens_the_successful_jobs_retention()
    {
        using var install = new DemoInstallation();
        var env = new Dictionary<string, string> { ["EEMT_SUCCESS_RETENTION_HOURS"] = "48" };

        var byDefault = install.Cli("candidates", "--json", "--base-dir", install.Base).Json();
        var shortened = install.Cli(env, "candidates", "--json", "--base-dir", install.Base);
        var policy = install.Cli(env, "policy", "--json", "--base-dir", install.Base);

        Assert.True(shortened.ExitCode == 0, shortened.ToString());
        var completedAges = CompletedAges(shortened.Json());
        Assert.All(completedAges, a => Assert.True(a >= 48, $"age {a} h is below the 48 h retention"));
        Assert.Contains(completedAges, a => a < 168); // jobs the default 168 h would keep
        Assert.All(CompletedAges(byDefault), a => Assert.True(a >= 168));
        Assert.True(Ids(shortened.Json()).Length > Ids(byDefault).Length);

        var successful = Assert.Single(policy.Json().EnumerateArray(), p => p.GetProperty("name").GetString() == "successful_jobs");
        Assert.Equal("Environment", successful.GetProperty("source").GetString());
        Assert.Equal(48, successful.GetProperty("retention_hours").GetDouble());

        // And the run acts on it.
        var run = install.Cli(env, "run", "--json", "--base-dir", install.Base);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Ids(shortened.Json()), run.Json().GetProperty("job_details").EnumerateArray().Select(d => d.GetProperty("job_id").GetString()!).Order());
    }

    private static string[] Ids(JsonElement candidates) =>
        candidates.EnumerateArray().Select(c => c.GetProperty("job_id").GetString()!).Order().ToArray();

    private static double[] CompletedAges(JsonElement candidates) =>
        candidates.EnumerateArray().Where(c => c.GetProperty("status").GetString() == "completed").Select(c => c.GetProperty("age_hours").GetDouble()).ToArray();
}
