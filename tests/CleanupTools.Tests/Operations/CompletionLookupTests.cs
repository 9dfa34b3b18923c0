using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Stores;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// What tab completion offers (CompletionLookup): the policies, job ids and holds of the store the command line
/// names, filtered by the typed prefix; nothing at all, and no exception, when that store cannot be read; and the
/// store exactly as it was afterwards. Real SQLite stores, a fixed clock.
/// </summary>
public sealed class CompletionLookupTests
{
    private static readonly IReadOnlyDictionary<string, string?> NoVariables = new Dictionary<string, string?>();

    private static CompletionLookup Lookup(JobInstallation install, CleanupOptions? options = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        options ??= new CleanupOptions();
        options.BaseDir ??= install.Base;
        return new CompletionLookup(options, new EnvironmentReader(environment ?? NoVariables), install.Clock, install.Base);
    }

    private static string[] Values(IEnumerable<CompletionValue> values) => values.Select(v => v.Value).ToArray();

    [Fact]
    public void Policy_names_are_the_built_in_and_stored_ones_that_start_with_the_prefix_in_any_case()
    {
        using var install = new JobInstallation();
        install.SetPolicy(new PolicyChange { Name = "failed_logs", Status = JobStatus.Failed, Component = DataComponent.Logs, Retention = TimeSpan.FromDays(3) });
        var lookup = Lookup(install);

        var all = Values(lookup.PolicyNames(""));
        Assert.Superset(PolicyNames.BuiltIn.ToHashSet(), all.ToHashSet());
        Assert.Contains("failed_logs", all);
        Assert.Equal(new[] { "failed_jobs", "failed_operations", "failed_logs" }.Order(), Values(lookup.PolicyNames("FAIL")).Order());
        Assert.Empty(lookup.PolicyNames("zzz"));
    }

    [Fact]
    public void A_policy_is_described_by_its_target_retention_and_action_as_the_command_would_resolve_them()
    {
        using var install = new JobInstallation();
        var lookup = Lookup(install, new CleanupOptions { SuccessRetention = TimeSpan.FromDays(2) });

        var successful = Assert.Single(lookup.PolicyNames("successful"));

        Assert.Equal("successful_jobs", successful.ListItem);
        Assert.StartsWith("successful_jobs (completed): 2 days (48 h), DeleteData.", successful.Description);
    }

    [Fact]
    public void Job_ids_are_filtered_by_the_prefix_newest_first_and_capped()
    {
        using var install = new JobInstallation();
        for (var i = 0; i < CompletionLookup.MaxJobIds + 20; i++) install.InsertRow($"job-{i:000}", "completed", install.HoursAgo(i), null);
        install.InsertRow("other-1", "running", null, null);
        var lookup = Lookup(install);

        var all = Values(lookup.JobIds(""));
        Assert.Equal(CompletionLookup.MaxJobIds, all.Length);
        Assert.Equal("other-1", all[0]);
        Assert.Equal("job-119", all[1]);
        Assert.Equal(new[] { "job-119", "job-118", "job-117", "job-116", "job-115", "job-114", "job-113", "job-112", "job-111", "job-110" }, Values(lookup.JobIds("JOB-11")));
        Assert.Empty(lookup.JobIds("job-2"));
    }

    [Fact]
    public void Hold_ids_are_the_holds_in_force_described_by_target_and_reason()
    {
        using var install = new JobInstallation();
        install.AddJob("job-a");
        var jobHold = install.AddHold(HoldKind.Job, "job-a", "audit by finance");
        var pathHold = install.AddHold(HoldKind.Path, "/srv/keep me/**", "legal", expires: install.Clock.Now.AddDays(2));
        var expiring = install.AddHold(HoldKind.Job, "job-b", "short", expires: install.Clock.Now.AddHours(1));
        install.Clock.Advance(TimeSpan.FromHours(2));
        var lookup = Lookup(install);

        var holds = lookup.HoldIds("");

        Assert.Equal(new[] { jobHold.Id.ToString(), pathHold.Id.ToString() }, Values(holds));
        Assert.DoesNotContain(expiring.Id.ToString(), Values(holds));
        Assert.Equal($"{jobHold.Id} (job job-a)", holds[0].ListItem);
        Assert.Equal("job job-a: audit by finance", holds[0].Description);
        Assert.Equal($"path /srv/keep me/**: legal (until {pathHold.ExpiresAt:u})", holds[1].Description);
        Assert.Equal(new[] { pathHold.Id.ToString() }, Values(lookup.HoldIds(pathHold.Id.ToString())));
        Assert.Empty(lookup.HoldIds("9999"));
    }

    [Fact]
    public void The_store_named_by_the_options_is_read_not_the_current_directory()
    {
        using var install = new JobInstallation();
        install.InsertRow("job-here", "completed", install.HoursAgo(1), null);
        using var other = new TempTree();
        var otherDb = JobsDb.Create(other.Path("elsewhere.db"), Installation.Row("job-there", "completed", 1, null));

        Assert.Equal(new[] { "job-here" }, Values(Lookup(install).JobIds("")));
        Assert.Equal(new[] { "job-there" }, Values(Lookup(install, new CleanupOptions { DbPath = otherDb }).JobIds("")));
    }

    [Fact]
    public void A_lookup_leaves_an_unmigrated_store_byte_identical_and_unmigrated()
    {
        using var install = new JobInstallation();
        install.AddJob("job-a");
        var before = File.ReadAllBytes(install.DbPath);
        var lookup = Lookup(install);

        Assert.NotEmpty(lookup.PolicyNames(""));
        Assert.NotEmpty(lookup.JobIds(""));
        Assert.Empty(lookup.HoldIds(""));

        Assert.Equal(before, File.ReadAllBytes(install.DbPath));
        Assert.Empty(JobsDb.SideFiles(install.DbPath));
        Assert.False(install.HasColumn("data_cleaned_at"));
        Assert.Equal(new[] { "jobs.db" }, Directory.GetFiles(install.Base).Select(Path.GetFileName));
    }

    public static TheoryData<string> Unreadable() => new() { "missing", "not a database", "no jobs table", "bad environment", "unreachable server" };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void A_store_that_cannot_be_read_gives_nothing_and_throws_nothing(string why)
    {
        using var install = new JobInstallation();
        install.InsertRow("job-a", "completed", install.HoursAgo(1), null);
        var options = new CleanupOptions();
        var environment = new Dictionary<string, string?>();
        switch (why)
        {
            case "missing": options.DbPath = Path.Combine(install.Base, "nowhere", "jobs.db"); break;
            case "not a database": options.DbPath = install.Tree.File("garbage.db", 4096); break;
            case "no jobs table": options.Mapping = new JobTableMapping { Table = "tasks" }; break;
            case "bad environment": environment["CLEANUPTOOLS_BATCH_SIZE"] = "lots"; break;
            // Port 1 on the loopback: refused at once, so the test does not wait for a timeout.
            case "unreachable server": options.ConnectionString = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none"; break;
        }
        var lookup = Lookup(install, options, environment);

        Assert.Empty(lookup.PolicyNames(""));
        Assert.Empty(lookup.JobIds(""));
        Assert.Empty(lookup.HoldIds(""));
        Assert.False(Directory.Exists(Path.Combine(install.Base, "nowhere")));
    }

    [Fact]
    public void The_same_lookup_on_a_readable_store_does_find_values_so_the_cases_above_can_fail()
    {
        using var install = new JobInstallation();
        install.InsertRow("job-a", "completed", install.HoursAgo(1), null);
        var lookup = Lookup(install, new CleanupOptions(), new Dictionary<string, string?>());

        Assert.NotEmpty(lookup.PolicyNames(""));
        Assert.Equal(new[] { "job-a" }, Values(lookup.JobIds("")));
    }
}
