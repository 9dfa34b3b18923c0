using CleanupTools.Configuration;

namespace CleanupTools.Tests.Engine;

/// <summary>Identifiers are spliced into SQL, so only plain identifiers pass; status lists must be usable and disjoint.</summary>
public sealed class JobTableMappingValidateTests
{
    public static IEnumerable<object[]> HostileIdentifiers() => new[]
    {
        "jobs; DROP TABLE x",
        "a\"b",
        "",
        "1jobs",
        "9",
        new string('a', 64),
        "jobs\n",
        "jobs\r\n",
        "jobs ",
        " jobs",
        "job-s",
        "jobs.id",
        "jobs--",
        "j\u00f6bs",
        "jobs\0",
        "[jobs]",
        "`jobs`",
        "'jobs'",
    }.Select(s => new object[] { s });

    public static IEnumerable<object[]> Setters() => new (string, Action<JobTableMapping, string>)[]
    {
        ("table", (m, v) => m.Table = v),
        ("id column", (m, v) => m.IdColumn = v),
        ("status column", (m, v) => m.StatusColumn = v),
        ("completed-at column", (m, v) => m.CompletedAtColumn = v),
        ("workflow-type column", (m, v) => m.WorkflowTypeColumn = v),
        ("DEM filename column", (m, v) => m.DemFilenameColumn = v),
        ("data-cleaned-at column", (m, v) => m.DataCleanedAtColumn = v),
        ("cleanup-summary column", (m, v) => m.CleanupSummaryColumn = v),
    }.Select(s => new object[] { s.Item1, s.Item2 });

    [Fact]
    public void The_default_mapping_is_valid()
    {
        var exception = Record.Exception(() => new JobTableMapping().Validate());

        Assert.Null(exception);
    }

    [Theory]
    [MemberData(nameof(HostileIdentifiers))]
    public void A_hostile_table_name_is_rejected(string name)
    {
        var mapping = new JobTableMapping { Table = name };

        var error = Assert.Throws<ConfigurationException>(mapping.Validate);
        Assert.Contains("table", error.Message);
    }

    [Theory]
    [MemberData(nameof(Setters))]
    public void Every_identifier_is_checked(string what, Action<JobTableMapping, string> set)
    {
        foreach (var hostile in new[] { "x; DROP TABLE jobs", "a\"b", "", "2col", new string('c', 64) })
        {
            var mapping = new JobTableMapping();
            set(mapping, hostile);

            var error = Assert.Throws<ConfigurationException>(mapping.Validate);
            Assert.Contains($"The {what} name", error.Message);
        }
    }

    [Theory]
    [InlineData("_")]
    [InlineData("runs")]
    [InlineData("Job_Runs_2")]
    [InlineData("_private")]
    public void Plain_identifiers_pass(string name)
    {
        var mapping = new JobTableMapping { Table = name, IdColumn = name };

        Assert.Null(Record.Exception(mapping.Validate));
    }

    [Fact]
    public void Sixty_three_characters_pass_and_sixty_four_do_not()
    {
        Assert.Null(Record.Exception(new JobTableMapping { Table = new string('t', 63) }.Validate));
        Assert.Throws<ConfigurationException>(new JobTableMapping { Table = new string('t', 64) }.Validate);
    }

    public static IEnumerable<object[]> BlankLists()
    {
        var cases = new (string What, Action<JobTableMapping> Set)[]
        {
            ("completed", m => m.CompletedStatuses = Array.Empty<string>()),
            ("completed", m => m.CompletedStatuses = new[] { "completed", " " }),
            ("failed", m => m.FailedStatuses = new[] { "" }),
            ("running", m => m.RunningStatuses = Array.Empty<string>()),
            ("pending", m => m.PendingStatuses = null!),
            ("pending", m => m.PendingStatuses = new[] { "\t" }),
        };
        return cases.Select(c => new object[] { c.What, c.Set });
    }

    [Theory]
    [MemberData(nameof(BlankLists))]
    public void Blank_status_lists_are_rejected(string what, Action<JobTableMapping> set)
    {
        var mapping = new JobTableMapping();
        set(mapping);

        var error = Assert.Throws<ConfigurationException>(mapping.Validate);
        Assert.Contains($"The {what} status values", error.Message);
    }

    [Theory]
    [InlineData("done", "done", null)]
    [InlineData(null, "oops", "oops")]
    public void A_value_mapped_both_cleanable_and_active_is_rejected(string? completedExtra, string? runningExtra, string? failedExtra)
    {
        var mapping = new JobTableMapping();
        if (completedExtra is not null) mapping.CompletedStatuses = new[] { "completed", completedExtra };
        if (failedExtra is not null) mapping.FailedStatuses = new[] { "failed", failedExtra };
        mapping.RunningStatuses = new[] { "running", runningExtra! };

        var error = Assert.Throws<ConfigurationException>(mapping.Validate);
        Assert.Contains($"'{runningExtra}'", error.Message);
        Assert.Contains("both", error.Message);
    }

    [Fact]
    public void A_failed_word_that_is_also_pending_is_rejected()
    {
        var mapping = new JobTableMapping { FailedStatuses = new[] { "failed", "queued" }, PendingStatuses = new[] { "queued" } };

        var error = Assert.Throws<ConfigurationException>(mapping.Validate);
        Assert.Contains("'queued'", error.Message);
    }

    [Fact]
    public void Words_differing_only_in_case_are_not_a_clash()
    {
        var mapping = new JobTableMapping { CompletedStatuses = new[] { "Running" }, RunningStatuses = new[] { "running" } };

        Assert.Null(Record.Exception(mapping.Validate));
    }
}
