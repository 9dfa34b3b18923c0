using CleanupTools.Configuration;
using CleanupTools.Policies;
using CleanupTools.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// Tables of the tool's names that were there before it: reference 002's cleanup_audit and this tool's v1
/// cleanup_policies are adopted (rows kept, columns added and reported); reference 001's cleanup_policies is another
/// tool's and is left exactly alone.
/// </summary>
public abstract partial class JobStoreContract
{
    private static readonly string[] ToolAuditColumnsMissingFrom002 = { "bytes", "error", "host", "item", "item_kind", "outcome", "policy", "run_id", "trigger", "user_name" };

    private static readonly string[] ToolPolicyColumnsMissingFromV1 =
        { "action", "component", "keep_newest", "keep_newest_per_workflow", "match_status", "patterns", "root", "target_kind", "target_status" };

    private static StoredPolicy V1Row => new("successful_jobs", TimeSpan.FromDays(3), false, "three days, v1", new DateTimeOffset(2024, 1, 1, 10, 20, 30, TimeSpan.Zero), "old@host");

    [ContractFact]
    public void Reference_002s_cleanup_audit_keeps_its_rows_gains_the_tools_columns_and_reports_each_one()
    {
        FiveJobs();
        Reference002AuditTable();
        var before = Fixture.Columns("cleanup_audit");
        var entry = ToolAudit("job-003", ToolAt(15, 12), run: "run-9", bytes: 3_000_000_000L, error: "partly", outcome: "Partial", trigger: CleanupTrigger.Automatic);

        using (var store = Fixture.Open())
        {
            store.AppendAudit(new[] { entry });

            var added = Fixture.Columns("cleanup_audit").Except(before).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(ToolAuditColumnsMissingFrom002, added);
            Assert.Equal(added.Select(c => $"added column cleanup_audit.{c}"),
                store.Migrations.Where(m => m.StartsWith("added column cleanup_audit.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.DoesNotContain("created table cleanup_audit", store.Migrations);
            Assert.Contains("created index ix_cleanup_audit_run_id", store.Migrations);
            Assert.Contains("created index ix_cleanup_audit_job_id", store.Migrations);
        }

        // Reference 002's own columns and values are all still there.
        Assert.Superset(new HashSet<string> { "id", "timestamp", "job_id", "action", "space_freed_mb", "user" }, Fixture.Columns("cleanup_audit").ToHashSet());
        Assert.Equal(new[] { "job-1|delete|12|admin", "job-2|delete|0|cron", "job-003|DeleteData|<null>|<null>" },
            ToolRows("SELECT job_id, \"action\", space_freed_mb, \"user\" FROM cleanup_audit ORDER BY id").Select(r => string.Join("|", r.Select(v => v ?? "<null>"))));

        var read = ToolAuditInNewStore();
        Assert.Equal(3, read.Count);
        Assert.Equal(AuditShape(entry), AuditShape(read[0]));
        Assert.Equal(new[] { ("job-2", "job-2", CleanupAuditEntry.JobTarget, "delete", new DateTimeOffset(2024, 1, 3, 4, 5, 6, TimeSpan.Zero)),
                             ("job-1", "job-1", CleanupAuditEntry.JobTarget, "delete", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)) },
            read.Skip(1).Select(e => (e.Target, e.JobId!, e.TargetKind, e.Action, e.Timestamp)));
        Assert.True(read[0].Id > read[1].Id && read[1].Id > read[2].Id);
    }

    [ContractFact]
    public void Reference_002s_old_rows_are_found_by_the_job_id_time_and_item_kind_filters()
    {
        FiveJobs();
        Reference002AuditTable();
        using (var store = Fixture.Open())
            store.AppendAudit(new[] { ToolAudit("/data/p", ToolAt(15, 12), kind: CleanupAuditEntry.PathTarget, job: null) });

        using var reader = Fixture.Open();
        Assert.Equal(new[] { "job-1" }, reader.QueryAudit(new AuditQuery { JobId = "job-1" }).Select(e => e.Target));
        Assert.Equal(new[] { "/data/p", "job-2" }, reader.QueryAudit(new AuditQuery { Since = new DateTimeOffset(2024, 1, 3, 4, 5, 6, TimeSpan.Zero) }).Select(e => e.Target));
        Assert.Equal(new[] { "job-1" }, reader.QueryAudit(new AuditQuery { Until = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero) }).Select(e => e.Target));
        // QueryAudit reads the old rows as job items; asking for job items must find them too.
        Assert.Equal(new[] { "job-2", "job-1" }, reader.QueryAudit(new AuditQuery { TargetKind = CleanupAuditEntry.JobTarget }).Select(e => e.Target));
    }

    [ContractFact]
    public void Reference_002s_rows_are_readable_before_the_first_write_and_reading_changes_nothing()
    {
        FiveJobs();
        Reference002AuditTable();
        var before = Fixture.Fingerprint();

        IReadOnlyList<CleanupAuditEntry> read;
        using (var store = Fixture.Open())
        {
            read = store.QueryAudit(new AuditQuery());
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
        Assert.Equal(new[] { ("job-2", CleanupAuditEntry.JobTarget), ("job-1", CleanupAuditEntry.JobTarget) }, read.Select(e => (e.Target, e.TargetKind)));
    }

    [ContractFact]
    public void A_v1_cleanup_policies_is_read_with_the_built_in_defaults_before_and_after_it_gains_the_new_columns()
    {
        OneRow();
        V1PolicyTable();
        var before = Fixture.Fingerprint();
        var columnsBefore = Fixture.Columns("cleanup_policies");

        Assert.Equal(V1Row, Assert.Single(ToolPoliciesInNewStore()));
        Assert.Equal(before, Fixture.Fingerprint());

        using (var store = Fixture.Open())
        {
            store.SavePolicy(ComponentDefinition());

            var added = Fixture.Columns("cleanup_policies").Except(columnsBefore).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(ToolPolicyColumnsMissingFromV1, added);
            Assert.Equal(added.Select(c => $"added column cleanup_policies.{c}"),
                store.Migrations.Where(m => m.StartsWith("added column cleanup_policies.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.DoesNotContain("created table cleanup_policies", store.Migrations);
        }

        var loaded = ToolPoliciesInNewStore().ToDictionary(p => p.Name, StringComparer.Ordinal);
        Assert.Equal(V1Row, loaded["successful_jobs"]);
        var old = loaded["successful_jobs"];
        Assert.Equal((PolicyTargetKind.JobStatus, (JobStatus?)null, (DataComponent?)null, (string?)null, 0, (CleanupAction?)null, (int?)null, false),
            (old.TargetKind, old.Status, old.Component, old.Root, old.Patterns.Count, old.Action, old.KeepNewest, old.KeepNewestPerWorkflow));
        Assert.Equal(ComponentDefinition(), loaded["failed_logs"]);
    }

    [ContractFact]
    public void A_full_definition_saved_over_a_v1_row_reads_back_whole()
    {
        OneRow();
        V1PolicyTable();
        var definition = PathClassDefinition("successful_jobs");

        using (var store = Fixture.Open())
            store.SavePolicy(definition);

        Assert.Equal(definition, Assert.Single(ToolPoliciesInNewStore()));
        using (var store = Fixture.Open())
            Assert.Equal(1, store.DeleteStoredPolicies(new[] { "successful_jobs" }));
        Assert.Empty(ToolPoliciesInNewStore());
    }

    [ContractFact]
    public void Reference_001s_cleanup_policies_is_not_read_as_policies_and_a_first_write_leaves_it_alone()
    {
        OneRow();
        Reference001PolicyTable();
        var columns = Fixture.Columns("cleanup_policies").Order(StringComparer.Ordinal).ToList();
        var rows = ToolDump("cleanup_policies", "data_type");
        var before = Fixture.Fingerprint();

        using (var store = Fixture.Open())
        {
            var error = Assert.Throws<ConfigurationException>(() => store.GetStoredPolicies());
            Assert.Contains("not this tool's policy table", error.Message);
            Assert.Equal(before, Fixture.Fingerprint());

            store.RecordCleanups(new[] { Cleaned("job-1") }, new[] { ToolAudit("job-1", ToolAt(15, 12)) });
            store.SaveHold(ToolHold(HoldKind.Job, "job-1", "kept"));

            Assert.DoesNotContain(store.Migrations, m => m.Contains("cleanup_policies", StringComparison.Ordinal));
            Assert.Contains("created table cleanup_holds", store.Migrations);
            Assert.Contains("created table cleanup_audit", store.Migrations);
        }

        Assert.Equal(columns, Fixture.Columns("cleanup_policies").Order(StringComparer.Ordinal));
        Assert.Equal(rows, ToolDump("cleanup_policies", "data_type"));
        Assert.Equal("2024-06-15 12:00:00", Fixture.Row("job-1").DataCleanedAt);
        using (var store = Fixture.Open())
            Assert.Contains("not this tool's policy table", Assert.Throws<ConfigurationException>(() => store.GetStoredPolicies()).Message);
    }

    [ContractFact]
    public void DeleteStoredPolicies_never_deletes_reference_001s_rows()
    {
        OneRow();
        Reference001PolicyTable();
        var rows = ToolDump("cleanup_policies", "data_type");

        Exception? all, named;
        using (var store = Fixture.Open())
        {
            all = Record.Exception(() => store.DeleteStoredPolicies(null));
            named = Record.Exception(() => store.DeleteStoredPolicies(new[] { "jobs" }));
        }

        Assert.Equal(rows, ToolDump("cleanup_policies", "data_type"));
        Assert.Contains("not this tool's policy table", Assert.IsType<ConfigurationException>(all).Message);
        Assert.Contains("not this tool's policy table", Assert.IsType<ConfigurationException>(named).Message);
    }

    [ContractFact]
    public void SavePolicy_on_reference_001s_table_is_the_same_configuration_error_and_changes_nothing()
    {
        OneRow();
        Reference001PolicyTable();
        var rows = ToolDump("cleanup_policies", "data_type");

        Exception? error;
        using (var store = Fixture.Open())
            error = Record.Exception(() => store.SavePolicy(PathClassDefinition()));

        Assert.Equal(rows, ToolDump("cleanup_policies", "data_type"));
        Assert.Contains("not this tool's policy table", Assert.IsType<ConfigurationException>(error).Message);
    }
}
