namespace CleanupTools.Tests.Cli;

/// <summary>
/// A real `run --json` on a job table whose id column lacks the usual rules: shared ids are refused per id, NULL ids
/// are passed over with one warning, an untyped id column matches, and every other job is still cleaned with the
/// report complete.
/// </summary>
public sealed class JobIdDefectCliTests
{
    /// <summary>The demo's jobs table rebuilt with the same columns and rows but no PRIMARY KEY (so no unique, no NOT NULL rule).</summary>
    private static void DropIdRules(DemoInstallation install)
    {
        install.Execute("CREATE TABLE jobs_copy AS SELECT * FROM jobs");
        install.Execute("DROP TABLE jobs");
        install.Execute("ALTER TABLE jobs_copy RENAME TO jobs");
    }

    private static HashSet<string> Eligible(DemoInstallation install) =>
        install.Cli("candidates", "--json", "--base-dir", install.Base).Json().EnumerateArray()
            .Where(c => c.GetProperty("action").GetString() != "Held").Select(c => c.GetProperty("job_id").GetString()!).ToHashSet();

    [Fact]
    public void Rows_sharing_an_id_are_refused_with_one_error_and_the_other_jobs_are_cleaned()
    {
        using var install = new DemoInstallation();
        var eligible = Eligible(install);
        DropIdRules(install);
        var shared = eligible.Order(StringComparer.Ordinal).First();
        install.Execute("INSERT INTO jobs SELECT * FROM jobs WHERE id = $id", ("$id", shared));
        var sharedEntries = install.EntriesOf(install.Rows().First(r => r.Id == shared));

        var run = install.Cli("run", "--json", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"2 rows share the id '{shared}'", run.Stderr);
        Assert.Contains("neither is touched", run.Stderr);
        var details = run.Json().GetProperty("job_details").EnumerateArray().ToList();
        var refused = Assert.Single(details, d => d.GetProperty("job_id").GetString() == shared);
        Assert.Equal("Failed", refused.GetProperty("outcome").GetString());
        Assert.False(refused.GetProperty("data_deleted").GetBoolean());
        var cleaned = details.Where(d => d.GetProperty("data_deleted").GetBoolean()).Select(d => d.GetProperty("job_id").GetString()!).ToHashSet();
        Assert.Equal(eligible.Where(id => id != shared).ToHashSet(), cleaned);
        var rows = install.Rows();
        Assert.All(rows.Where(r => r.Id == shared), r => Assert.Null(r.CleanedAt));
        Assert.Equal(sharedEntries, install.EntriesOf(rows.First(r => r.Id == shared)));
    }

    [Fact]
    public void Rows_without_an_id_are_skipped_with_one_warning_and_paging_goes_on_past_them()
    {
        using var install = new DemoInstallation();
        var eligible = Eligible(install);
        DropIdRules(install);
        // Five copies of eligible rows with no id: SQLite sorts NULL first, so they fill the first pages.
        install.Execute("INSERT INTO jobs SELECT NULL, workflow_type, status, created_at, completed_at, NULL, parameters, error_message FROM jobs WHERE status = 'completed' LIMIT 5");

        var run = install.Cli("run", "--json", "--base-dir", install.Base, "--batch-size", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("row(s) in the table 'jobs' have no id"));
        Assert.Contains("5 row(s)", run.Stderr);
        var cleaned = run.Json().GetProperty("job_details").EnumerateArray()
            .Where(d => d.GetProperty("data_deleted").GetBoolean()).Select(d => d.GetProperty("job_id").GetString()!).ToHashSet();
        Assert.NotEmpty(eligible);
        Assert.Equal(eligible, cleaned);
    }

    [Fact]
    public void An_id_column_declared_without_a_type_matches_its_integer_ids()
    {
        using var install = new DemoInstallation();
        var eligible = Eligible(install);
        // The same rows under integer ids 1, 2, ... in a table whose columns have no declared type, and the jobs' directories renamed to match.
        var numbered = install.Rows().Select((r, i) => (Old: r.Id, New: i + 1)).ToList();
        install.Execute("CREATE TABLE jobs_copy (id, workflow_type, status, created_at, completed_at, dem_filename, parameters, error_message)");
        foreach (var (old, number) in numbered)
        {
            install.Execute("INSERT INTO jobs_copy SELECT $n, workflow_type, status, created_at, completed_at, dem_filename, parameters, error_message FROM jobs WHERE id = $old",
                ("$n", (long)number), ("$old", old));
            foreach (var dir in new[] { "results", "temp" })
            {
                var from = Path.Combine(install.Base, dir, old);
                if (Directory.Exists(from)) Directory.Move(from, Path.Combine(install.Base, dir, number.ToString()));
            }
        }
        install.Execute("DROP TABLE jobs");
        install.Execute("ALTER TABLE jobs_copy RENAME TO jobs");
        var expected = numbered.Where(n => eligible.Contains(n.Old)).Select(n => n.New.ToString()).ToHashSet();

        var run = install.Cli("run", "--json", "--base-dir", install.Base);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("is not in the store", run.Stderr);
        var cleaned = run.Json().GetProperty("job_details").EnumerateArray()
            .Where(d => d.GetProperty("data_deleted").GetBoolean()).Select(d => d.GetProperty("job_id").GetString()!).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, cleaned);
        // Recorded on the integer rows too: a second run finds nothing left to do.
        Assert.Equal((long)expected.Count, install.ScalarCount("SELECT COUNT(*) FROM jobs WHERE data_cleaned_at IS NOT NULL"));
        Assert.All(expected, id => Assert.False(Directory.Exists(Path.Combine(install.Base, "results", id))));
    }
}
