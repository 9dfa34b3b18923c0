using CleanupTools.Stores;

namespace CleanupTools.Tests.Contract;

/// <summary>
/// cleanup_audit: written in the same transaction as the job rows it describes (RecordCleanups, ClearCleanedMarks),
/// appended alone (AppendAudit), read newest first by id with every filter of AuditQuery.
/// </summary>
public abstract partial class JobStoreContract
{
    private IReadOnlyList<CleanupAuditEntry> ToolAuditInNewStore(AuditQuery? query = null)
    {
        using var store = Fixture.Open();
        return store.QueryAudit(query ?? new AuditQuery());
    }

    [ContractFact]
    public void RecordCleanups_writes_the_job_rows_and_every_field_of_the_audit_rows()
    {
        FiveJobs();
        var audit = new[]
        {
            ToolAudit("run-7", ToolAt(15, 12), run: "run-7", kind: CleanupAuditEntry.RunTarget, outcome: "Completed", action: "Run", policy: null, trigger: CleanupTrigger.Automatic),
            ToolAudit("job-001", ToolAt(15, 12, 0, 1), run: "run-7", bytes: 5_000_000_000L),
            ToolAudit("job-002", new DateTimeOffset(2024, 6, 15, 14, 0, 2, TimeSpan.FromHours(2)), run: "run-7", outcome: "Partial", bytes: 1,
                error: "permission denied: '/srv/ü/x'; -- kept", user: null, host: null, policy: null, trigger: CleanupTrigger.Emergency),
        };

        using (var store = Fixture.Open())
            store.RecordCleanups(new[] { Cleaned("job-001", "{\"outcome\":\"Deleted\"}"), new JobCleanupRecord("job-002", null, "{\"outcome\":\"Partial\"}") }, audit);

        Assert.Equal(("2024-06-15 12:00:00", "{\"outcome\":\"Deleted\"}"), (Fixture.Row("job-001").DataCleanedAt, Fixture.Row("job-001").Summary));
        Assert.Equal(((string?)null, "{\"outcome\":\"Partial\"}"), (Fixture.Row("job-002").DataCleanedAt, Fixture.Row("job-002").Summary));
        var read = ToolAuditInNewStore();
        Assert.Equal(audit.Reverse().Select(AuditShape), read.Select(AuditShape));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Id > p.Second.Id), "ids strictly decreasing");
        Assert.True(read[^1].Id > 0);
        Assert.Equal(ToolAt(15, 12, 0, 2), read[0].Timestamp);
        Assert.All(read, e => Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset));
        Assert.Equal(5_000_000_000L, read[1].Bytes);
    }

    [ContractFact]
    public void When_an_audit_insert_fails_RecordCleanups_marks_no_job_and_keeps_no_audit_row()
    {
        FiveJobs();
        using (var store = Fixture.Open())
            store.RecordCleanups(new[] { Cleaned("job-005", "earlier") });
        PoisonAuditTable();

        using (var store = Fixture.Open())
        {
            // The job updates and the first audit row go in before the second audit row is refused.
            var error = Assert.ThrowsAny<Exception>(() => store.RecordCleanups(
                new[] { Cleaned("job-001", "first"), Cleaned("job-002", "second") },
                new[] { ToolAudit("job-001", ToolAt(15, 12)), ToolAudit("poison", ToolAt(15, 12), job: "job-002") }));
            // The audit insert itself failed (not, say, the migration before any update was made).
            Assert.Contains("check constraint", error.Message, StringComparison.OrdinalIgnoreCase);

            Assert.All(new[] { "job-001", "job-002" }, id => Assert.Equal(((string?)null, (string?)null), (Fixture.Row(id).DataCleanedAt, Fixture.Row(id).Summary)));
            Assert.Equal("earlier", Fixture.Row("job-005").Summary);
            Assert.Equal(0, ToolCount("cleanup_audit"));

            // The same store writes the next batch normally: the failed transaction was rolled back, not left open.
            store.RecordCleanups(new[] { Cleaned("job-003") }, new[] { ToolAudit("job-003", ToolAt(15, 13)) });
        }

        Assert.Equal("2024-06-15 12:00:00", Fixture.Row("job-003").DataCleanedAt);
        Assert.Equal(new[] { "job-003" }, ToolAuditInNewStore().Select(e => e.Target));
    }

    [ContractFact]
    public void ClearCleanedMarks_clears_only_the_given_ids_sets_their_summaries_and_writes_its_audit_rows()
    {
        FiveJobs(migrated: true);
        Fixture.MarkCleaned(new[] { "job-001", "job-002", "job-003" }, "2024-06-01 00:00:00");
        var audit = new[]
        {
            ToolAudit("job-001", ToolAt(16, 8), run: "restore-1", action: "Restore", outcome: "Restored"),
            ToolAudit("job-003", ToolAt(16, 8, 0, 5), run: "restore-1", action: "Restore", outcome: "Restored"),
        };

        using (var store = Fixture.Open())
            store.ClearCleanedMarks(new Dictionary<string, string> { ["job-001"] = "restored 1", ["job-003"] = "restored 3", ["job-404"] = "none" }, audit);

        Assert.Equal(new (string, string?)[] { ("job-001", null), ("job-002", "2024-06-01 00:00:00"), ("job-003", null), ("job-004", null), ("job-005", null) },
            Fixture.Rows().Select(r => (r.Id, r.DataCleanedAt)));
        // Issue 9: the summary describes the restore, not the quarantine it undid.
        Assert.Equal(("restored 1", "restored 3"), (Fixture.Row("job-001").Summary, Fixture.Row("job-003").Summary));
        Assert.Equal(audit.Reverse().Select(AuditShape), ToolAuditInNewStore().Select(AuditShape));
    }

    [ContractFact]
    public void When_an_audit_insert_fails_ClearCleanedMarks_clears_no_mark()
    {
        FiveJobs(migrated: true);
        Fixture.MarkCleaned(new[] { "job-001", "job-002" }, "2024-06-01 00:00:00");
        using (var store = Fixture.Open())
            store.AppendAudit(new[] { ToolAudit("job-005", ToolAt(1)) });
        PoisonAuditTable();

        using (var store = Fixture.Open())
        {
            var error = Assert.ThrowsAny<Exception>(() => store.ClearCleanedMarks(new Dictionary<string, string> { ["job-001"] = "restored", ["job-002"] = "restored" },
                new[] { ToolAudit("job-001", ToolAt(16), action: "Restore", outcome: "Restored"), ToolAudit("poison", ToolAt(16), job: "job-002", action: "Restore", outcome: "Restored") }));
            Assert.Contains("check constraint", error.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(new[] { "2024-06-01 00:00:00", "2024-06-01 00:00:00" }, new[] { "job-001", "job-002" }.Select(id => Fixture.Row(id).DataCleanedAt));
        Assert.Equal(0, ToolCount("cleanup_audit"));
    }

    [ContractFact]
    public void AppendAudit_with_no_entries_writes_nothing_and_does_not_migrate()
    {
        FiveJobs();
        var before = Fixture.Fingerprint();

        using (var store = Fixture.Open())
        {
            store.AppendAudit(Array.Empty<CleanupAuditEntry>());
            store.RecordCleanups(Array.Empty<JobCleanupRecord>(), Array.Empty<CleanupAuditEntry>());
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
        Assert.False(Fixture.HasTable("cleanup_audit"));
    }

    [ContractFact]
    public void AppendAudit_migrates_at_the_first_write_and_appends_in_order()
    {
        FiveJobs();
        using var store = Fixture.Open();

        store.AppendAudit(new[] { ToolAudit("/data/a", ToolAt(2), kind: CleanupAuditEntry.PathTarget, job: null) });
        store.AppendAudit(new[] { ToolAudit("/data/b", ToolAt(1), kind: CleanupAuditEntry.PathTarget, job: null), ToolAudit("/backups/c", ToolAt(3), kind: CleanupAuditEntry.BackupTarget, outcome: "Purged") });

        Assert.Contains("created table cleanup_audit", store.Migrations);
        Assert.Equal(new[] { "/backups/c", "/data/b", "/data/a" }, store.QueryAudit(new AuditQuery()).Select(e => e.Target));
        Assert.Null(store.QueryAudit(new AuditQuery()).Single(e => e.Target == "/data/a").JobId);
        Assert.Equal("/backups/c", Assert.Single(store.QueryAudit(new AuditQuery { TargetKind = CleanupAuditEntry.BackupTarget })).Target);
    }

    [ContractFact]
    public void QueryAudit_filters_each_work_with_inclusive_time_bounds_and_order_is_newest_first_by_id()
    {
        FiveJobs();
        // Timestamps deliberately not in id order: the order must be the ids', the newest written first.
        var written = new[]
        {
            ToolAudit("job-001", ToolAt(15, 10), run: "r1"),                                                                          // 0
            ToolAudit("job-002", ToolAt(15, 12), run: "r1", outcome: "Failed", error: "boom"),                                        // 1
            ToolAudit("/data/x", ToolAt(15, 11), run: "r1", kind: CleanupAuditEntry.PathTarget, job: null),                            // 2
            ToolAudit("r1", ToolAt(15, 12, 30), run: "r1", kind: CleanupAuditEntry.RunTarget, outcome: "Completed", action: "Run"),     // 3
            ToolAudit("job-001", ToolAt(16, 9), run: "r2", outcome: "DELETED"),                                                       // 4
            ToolAudit("/backups/x", ToolAt(16, 10), run: "r2", kind: CleanupAuditEntry.BackupTarget, job: null, outcome: "Purged"),   // 5
            ToolAudit("job-003", ToolAt(14, 23, 59, 59), run: "r2", outcome: "Partial"),                                              // 6
            ToolAudit("r2", ToolAt(16, 11), run: "r2", kind: CleanupAuditEntry.RunTarget, outcome: "CompletedWithErrors", action: "Run"), // 7
        };
        using (var writer = Fixture.Open())
        {
            writer.AppendAudit(written.Take(3).ToList());
            writer.AppendAudit(written.Skip(3).ToList());
        }
        var shapes = written.Select(AuditShape).ToList();
        using var store = Fixture.Open();
        int[] Query(AuditQuery query) => store.QueryAudit(query).Select(e => shapes.IndexOf(AuditShape(e))).ToArray();

        Assert.Equal(new[] { 7, 6, 5, 4, 3, 2, 1, 0 }, Query(new AuditQuery()));
        Assert.Equal(new[] { 7, 5, 4, 3, 1 }, Query(new AuditQuery { Since = ToolAt(15, 12) }));
        Assert.Equal(new[] { 7, 5, 4, 3, 1 }, Query(new AuditQuery { Since = new DateTimeOffset(2024, 6, 15, 14, 0, 0, TimeSpan.FromHours(2)) }));
        Assert.Equal(new[] { 7, 5, 4, 3 }, Query(new AuditQuery { Since = ToolAt(15, 12, 0, 1) }));
        Assert.Equal(new[] { 6, 2, 0 }, Query(new AuditQuery { Until = ToolAt(15, 11) }));
        Assert.Equal(new[] { 6, 0 }, Query(new AuditQuery { Until = ToolAt(15, 10, 59, 59) }));
        Assert.Equal(new[] { 2, 1 }, Query(new AuditQuery { Since = ToolAt(15, 11), Until = ToolAt(15, 12) }));
        Assert.Equal(new[] { 3 }, Query(new AuditQuery { Since = ToolAt(15, 12, 30), Until = ToolAt(15, 12, 30) }));
        Assert.Equal(new[] { 4, 0 }, Query(new AuditQuery { JobId = "job-001" }));
        Assert.Empty(Query(new AuditQuery { JobId = "JOB-001" }));
        Assert.Equal(new[] { 7, 6, 5, 4 }, Query(new AuditQuery { RunId = "r2" }));
        Assert.Equal(new[] { 4, 2, 0 }, Query(new AuditQuery { Outcome = "deleted" }));
        Assert.Equal(new[] { 4, 2, 0 }, Query(new AuditQuery { Outcome = "DeLeTeD" }));
        Assert.Equal(new[] { 7 }, Query(new AuditQuery { Outcome = "completedwitherrors" }));
        Assert.Equal(new[] { 2 }, Query(new AuditQuery { TargetKind = CleanupAuditEntry.PathTarget }));
        Assert.Equal(new[] { 7, 3 }, Query(new AuditQuery { TargetKind = CleanupAuditEntry.RunTarget }));
        Assert.Equal(new[] { 7, 6, 5 }, Query(new AuditQuery { Limit = 3 }));
        Assert.Equal(new[] { 3, 2, 1 }, Query(new AuditQuery { RunId = "r1", Limit = 3 }));
        Assert.Equal(new[] { 0 }, Query(new AuditQuery { JobId = "job-001", RunId = "r1" }));
        Assert.Equal(new[] { 4 }, Query(new AuditQuery { JobId = "job-001", Outcome = "deleted", Since = ToolAt(16) }));
        Assert.Empty(Query(new AuditQuery { RunId = "no-such-run" }));
        Assert.Empty(Query(new AuditQuery { Since = ToolAt(17) }));
    }

    [ContractFact]
    public void Reads_of_policies_holds_and_audit_on_a_never_written_store_return_empty_and_change_nothing()
    {
        HundredRows();
        var before = Fixture.Fingerprint();

        using (var store = Fixture.Open())
        {
            Assert.Empty(store.GetStoredPolicies());
            Assert.Empty(store.GetHolds());
            Assert.Empty(store.QueryAudit(new AuditQuery()));
            Assert.Empty(store.QueryAudit(new AuditQuery { Since = ToolAt(1), Until = ToolAt(30), JobId = "job-001", RunId = "r", Outcome = "Deleted", TargetKind = "job", Limit = 5 }));
            Assert.Empty(store.Migrations);
        }

        Assert.Equal(before, Fixture.Fingerprint());
        Assert.False(Fixture.HasTable("cleanup_policies"));
        Assert.False(Fixture.HasTable("cleanup_holds"));
        Assert.False(Fixture.HasTable("cleanup_audit"));
    }
}
