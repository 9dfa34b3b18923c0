namespace CleanupTools.Tests.Contract;

/// <summary>cleanup_holds: one row per kind and target, ids assigned by the store, times to the second.</summary>
public abstract partial class JobStoreContract
{
    private static CleanupHold ToolHold(HoldKind kind, string target, string reason, DateTimeOffset? expires = null, DateTimeOffset? created = null, string? by = "alice@build01") =>
        new() { Kind = kind, Target = target, Reason = reason, ExpiresAt = expires, CreatedAt = created ?? ToolAt(10, 9, 30, 15), CreatedBy = by };

    private IReadOnlyList<CleanupHold> ToolHoldsInNewStore()
    {
        using var store = Fixture.Open();
        return store.GetHolds();
    }

    [ContractFact]
    public void SaveHold_assigns_ids_and_holds_read_back_with_their_times_to_the_second()
    {
        OneRow();
        var jobHold = ToolHold(HoldKind.Job, "job-001", "legal hold — ticket 42", expires: null, created: new DateTimeOffset(2024, 6, 10, 11, 30, 15, TimeSpan.FromHours(2)));
        var pathHold = ToolHold(HoldKind.Path, "/srv/app data/日本/**/*.tif", "keep 'these'; -- please", expires: ToolAt(30, 23, 59, 59), by: null);

        CleanupHold savedJob, savedPath;
        using (var store = Fixture.Open())
        {
            savedJob = store.SaveHold(jobHold);
            savedPath = store.SaveHold(pathHold);
        }

        Assert.True(savedJob.Id > 0);
        Assert.True(savedPath.Id > savedJob.Id);
        Assert.Equal(HoldShape(new CleanupHold { Id = savedJob.Id, Kind = HoldKind.Job, Target = "job-001", Reason = "legal hold — ticket 42", CreatedAt = ToolAt(10, 9, 30, 15), CreatedBy = "alice@build01" }),
            HoldShape(savedJob));
        using var reader = Fixture.Open();
        var holds = reader.GetHolds();
        Assert.Equal(new[] { HoldShape(savedJob), HoldShape(savedPath) }, holds.Select(HoldShape));
        Assert.Null(holds[0].ExpiresAt);
        Assert.Equal(ToolAt(30, 23, 59, 59), holds[1].ExpiresAt);
        Assert.Equal(TimeSpan.Zero, holds[0].CreatedAt.Offset);
        Assert.Null(holds[1].CreatedBy);
    }

    [ContractFact]
    public void A_holds_time_with_a_fraction_reads_back_as_the_same_second_on_every_store()
    {
        OneRow();
        var created = ToolAt(10, 9, 30, 15).AddMilliseconds(750);
        var expires = ToolAt(11, 0, 0, 0).AddMilliseconds(250);

        using (var store = Fixture.Open())
            store.SaveHold(ToolHold(HoldKind.Job, "job-001", "fraction", expires, created));

        using var reader = Fixture.Open();
        var hold = Assert.Single(reader.GetHolds());
        // Both stores keep whole seconds, as policies do, so a hold expires at the same instant whichever store holds it.
        Assert.Equal(ToolAt(10, 9, 30, 15), hold.CreatedAt);
        Assert.Equal(ToolAt(11, 0, 0, 0), hold.ExpiresAt);
    }

    [ContractFact]
    public void Saving_a_hold_on_the_same_kind_and_target_keeps_one_row_with_the_new_reason_and_expiry()
    {
        OneRow();
        using var store = Fixture.Open();
        var first = store.SaveHold(ToolHold(HoldKind.Job, "job-001", "first reason", expires: ToolAt(20)));
        var other = store.SaveHold(ToolHold(HoldKind.Path, "job-001", "a path hold on the same text is another hold"));

        var second = store.SaveHold(ToolHold(HoldKind.Job, "job-001", "second reason", expires: null, created: ToolAt(12), by: "bob@b"));

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(("second reason", (DateTimeOffset?)null, ToolAt(12), "bob@b"), (second.Reason, second.ExpiresAt, second.CreatedAt, second.CreatedBy));
        var holds = ToolHoldsInNewStore();
        Assert.Equal(2, holds.Count);
        var job = Assert.Single(holds, h => h.Kind == HoldKind.Job);
        Assert.Equal(HoldShape(second), HoldShape(job));
        Assert.Equal(2, ToolCount("cleanup_holds"));
    }

    [ContractFact]
    public void RemoveHolds_removes_exactly_the_given_ids_and_counts_them_and_unknown_ids_remove_nothing()
    {
        OneRow();
        using var store = Fixture.Open();
        var ids = Enumerable.Range(1, 4).Select(i => store.SaveHold(ToolHold(HoldKind.Job, Id(i), $"reason {i}")).Id).ToList();

        Assert.Equal(2, store.RemoveHolds(new[] { ids[0], ids.Max() + 1000, ids[2] }));
        Assert.Equal(new[] { ids[1], ids[3] }, store.GetHolds().Select(h => h.Id));
        Assert.Equal(0, store.RemoveHolds(new[] { ids[0], -1L, 0L, long.MaxValue }));
        Assert.Equal(0, store.RemoveHolds(Array.Empty<long>()));
        Assert.Equal(new[] { ids[1], ids[3] }, ToolHoldsInNewStore().Select(h => h.Id));
        Assert.Equal(new[] { "reason 2", "reason 4" }, store.GetHolds().Select(h => h.Reason));
    }
}
