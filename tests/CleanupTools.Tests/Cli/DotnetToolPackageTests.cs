using System.Diagnostics;
using System.Reflection;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// The CLI ships as a .NET tool (CleanupTools.Cli, command cleanuptools): packed from this build, installed into a
/// temporary tool path from the pack folder only (no other package source, so it works offline), and run.
/// </summary>
public sealed class DotnetToolPackageTests
{
    [Fact]
    public void Packed_tool_installs_into_a_tool_path_and_cleans_a_demo_store()
    {
        using var tree = new TempTree();
        var feed = tree.Dir("feed");
        var toolPath = tree.Path("tools");
        var work = tree.Dir("work");
        var version = typeof(CleanupTools.Cli.ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        // Only the pack folder: the installing child must not reach for any other source.
        File.WriteAllText(Path.Combine(work, "nuget.config"),
            $"<configuration><packageSources><clear /><add key=\"pack\" value=\"{feed}\" /></packageSources></configuration>");

        var project = Path.Combine(TestPaths.RepoRoot, "src", "CleanupTools.Cli", "CleanupTools.Cli.csproj");
        Ok(Run(work, CliProcess.DotnetHost, "pack", project, "-c", TestPaths.Configuration, "--no-build", "-o", feed));
        Assert.True(File.Exists(Path.Combine(feed, $"CleanupTools.Cli.{version}.nupkg")), string.Join(", ", Directory.GetFiles(feed)));
        Ok(Run(work, CliProcess.DotnetHost, "tool", "install", "--tool-path", toolPath, "--add-source", feed, "CleanupTools.Cli", "--version", version));

        var tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "cleanuptools.exe" : "cleanuptools");
        var shown = Run(work, tool, "--version");
        Ok(shown);
        Assert.StartsWith(version, shown.Stdout.Trim());

        var store = Path.Combine(work, "store");
        Ok(Run(work, tool, "demo", "--path", store));
        using var install = new DemoInstallation(tree, store);
        var expected = install.Rows().Count;
        var run = Run(store, tool, "--run", "--json");
        Ok(run);
        var cleaned = run.Json().GetProperty("job_details").EnumerateArray().Select(d => d.GetProperty("job_id").GetString()!).Order().ToArray();
        Assert.NotEmpty(cleaned);
        Assert.Equal(cleaned, install.Rows().Where(r => r.CleanedAt is not null).Select(r => r.Id).Order());
        Assert.Equal(expected, install.Rows().Count);
    }

    private static void Ok(CliResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    private static CliResult Run(string workingDirectory, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The test host's MSBuild variables would point a child SDK at the parent build's state.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("CLEANUPTOOLS_", StringComparison.Ordinal) || k.StartsWith("EEMT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The installed tool's launcher finds the runtime of the dotnet running the tests.
        if (Path.GetDirectoryName(CliProcess.DotnetHost) is { Length: > 0 } root) start.Environment["DOTNET_ROOT"] = root;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{program} {string.Join(' ', args)} did not finish");
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
