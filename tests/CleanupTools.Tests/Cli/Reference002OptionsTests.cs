namespace CleanupTools.Tests.Cli;

/// <summary>
/// Reference 002 names each location separately (--db-path, --results-dir, --uploads-dir); temp then defaults
/// to ./temp of the working directory. A store laid out that way is cleaned there and nowhere else.
/// </summary>
public sealed class Reference002OptionsTests
{
    [Fact]
    public void Separate_db_results_and_uploads_options_are_honoured()
    {
        using var install = new DemoInstallation();
        var layout = install.Tree.Dir("app");
        var db = Path.Combine(install.Tree.Dir("app", "state"), "app.db");
        var results = Path.Combine(layout, "outputs");
        var uploads = Path.Combine(layout, "dems");
        var cwd = install.Tree.Dir("app", "work");
        var temp = Path.Combine(cwd, "temp");
        var rows = install.Rows();
        File.Move(install.DbPath, db);
        Directory.Move(Path.Combine(install.Base, "results"), results);
        Directory.Move(Path.Combine(install.Base, "uploads"), uploads);
        Directory.Move(Path.Combine(install.Base, "temp"), temp);
        var entriesBefore = rows.ToDictionary(r => r.Id, r => install.EntriesOf(r, results, uploads, temp));
        var options = new[] { "--db-path", db, "--results-dir", results, "--uploads-dir", uploads };

        var candidates = CliProcess.Run(cwd, null, new[] { "candidates", "--json" }.Concat(options).ToArray());
        var run = CliProcess.Run(cwd, null, new[] { "run", "--json" }.Concat(options).ToArray());

        Assert.True(candidates.ExitCode == 0, candidates.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = candidates.Json().EnumerateArray().Select(c => c.GetProperty("job_id").GetString()!).Order().ToArray();
        Assert.NotEmpty(expected);
        var paths = candidates.Json().EnumerateArray().SelectMany(c => c.GetProperty("paths").EnumerateArray().Select(p => p.GetString()!)).ToArray();
        Assert.All(paths, p => Assert.True(p.StartsWith(results + "/") || p.StartsWith(uploads + "/") || p.StartsWith(temp + "/"), p));
        var cleaned = run.Json().GetProperty("job_details").EnumerateArray().Select(d => d.GetProperty("job_id").GetString()!).Order().ToArray();
        Assert.Equal(expected, cleaned);

        var marked = ReadCleaned(db);
        Assert.Equal(cleaned, marked.Order());
        foreach (var row in rows)
        {
            var after = install.EntriesOf(row, results, uploads, temp);
            Assert.Equal(cleaned.Contains(row.Id) ? (false, false, false) : entriesBefore[row.Id], after);
        }
        // The default base (the working directory) holds nothing else the tool could have touched.
        Assert.Equal(new[] { temp }, Directory.EnumerateFileSystemEntries(cwd));
    }

    private static List<string> ReadCleaned(string db)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs WHERE data_cleaned_at IS NOT NULL";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }
}
