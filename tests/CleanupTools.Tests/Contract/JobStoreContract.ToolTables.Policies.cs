using CleanupTools.Policies;

namespace CleanupTools.Tests.Contract;

/// <summary>cleanup_policies holds whole policy definitions: every field survives the store, upserts replace, deletes count.</summary>
public abstract partial class JobStoreContract
{
    private static StoredPolicy ComponentDefinition(string name = "failed_logs") =>
        new(name, TimeSpan.FromDays(14) + TimeSpan.FromSeconds(37), false, "Logs of failed jobs — ünïcödé, 'quoted'; -- not SQL",
            new DateTimeOffset(2024, 6, 1, 11, 15, 30, TimeSpan.FromHours(2)), "alice@build01")
        {
            TargetKind = PolicyTargetKind.Component,
            Status = JobStatus.Failed,
            Component = DataComponent.Logs,
            MatchStatus = "error",
            Action = CleanupAction.DeleteAll,
            KeepNewest = 5,
            KeepNewestPerWorkflow = true,
        };

    private static StoredPolicy PathClassDefinition(string name = "operation_files") =>
        new(name, TimeSpan.FromHours(36), true, null, new DateTimeOffset(2024, 6, 2, 8, 0, 1, TimeSpan.Zero), null)
        {
            TargetKind = PolicyTargetKind.PathClass,
            Root = "/srv/app data/öperations 日本",
            Patterns = new[] { "*.tmp", "op files/**/*.log", " leading and trailing ", "日本語 ファイル*.dat", "ünï[cç]ode?.txt" },
            MatchStatus = null,
            Action = CleanupAction.Quarantine,
        };

    private IReadOnlyList<StoredPolicy> ToolPoliciesInNewStore()
    {
        using var store = Fixture.Open();
        return store.GetStoredPolicies();
    }

    [ContractFact]
    public void A_component_and_a_path_class_definition_round_trip_every_field_in_a_new_store()
    {
        OneRow();
        var component = ComponentDefinition();
        var pathClass = PathClassDefinition();

        using (var store = Fixture.Open())
        {
            store.SavePolicy(component);
            store.SavePolicy(pathClass);
        }

        var loaded = ToolPoliciesInNewStore().ToDictionary(p => p.Name, StringComparer.Ordinal);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(component, loaded["failed_logs"]);
        Assert.Equal(pathClass, loaded["operation_files"]);
        // Field by field too, so a failure names the field (StoredPolicy.Equals compares them all).
        var c = loaded["failed_logs"];
        Assert.Equal((PolicyTargetKind.Component, (JobStatus?)JobStatus.Failed, (DataComponent?)DataComponent.Logs, (string?)null, "error", (CleanupAction?)CleanupAction.DeleteAll, (int?)5, true),
            (c.TargetKind, c.Status, c.Component, c.Root, c.MatchStatus, c.Action, c.KeepNewest, c.KeepNewestPerWorkflow));
        Assert.Equal(component.Retention, c.Retention);
        Assert.Equal(component.Description, c.Description);
        Assert.Equal(component.UpdatedAt, c.UpdatedAt);
        Assert.Empty(c.Patterns);
        var p = loaded["operation_files"];
        Assert.Equal(pathClass.Patterns, p.Patterns);
        Assert.Equal("/srv/app data/öperations 日本", p.Root);
        Assert.Equal((PolicyTargetKind.PathClass, (JobStatus?)null, (DataComponent?)null, (string?)null, (CleanupAction?)CleanupAction.Quarantine, (int?)null, false, (string?)null, (string?)null),
            (p.TargetKind, p.Status, p.Component, p.MatchStatus, p.Action, p.KeepNewest, p.KeepNewestPerWorkflow, p.Description, p.UpdatedBy));
    }

    [ContractFact]
    public void Every_target_kind_status_component_and_action_value_round_trips()
    {
        OneRow();
        var kinds = Enum.GetValues<PolicyTargetKind>();
        var statuses = Enum.GetValues<JobStatus>();
        var components = Enum.GetValues<DataComponent>();
        var actions = Enum.GetValues<CleanupAction>();
        var count = new[] { kinds.Length, statuses.Length, components.Length, actions.Length }.Max();
        var saved = Enumerable.Range(0, count).Select(i =>
            new StoredPolicy($"policy-{i:00}", TimeSpan.FromSeconds(i + 1), i % 2 == 0, null, ToolAt(3, 1, 2, i), "x")
            {
                TargetKind = kinds[i % kinds.Length],
                Status = statuses[i % statuses.Length],
                Component = components[i % components.Length],
                Action = actions[i % actions.Length],
                KeepNewest = i == 0 ? 0 : int.MaxValue - i,
            }).ToList();

        using (var store = Fixture.Open())
            foreach (var policy in saved) store.SavePolicy(policy);

        Assert.Equal(saved, ToolPoliciesInNewStore().OrderBy(p => p.Name, StringComparer.Ordinal));
    }

    [ContractFact]
    public void Saving_a_definition_again_replaces_every_field_including_clearing_the_ones_now_null()
    {
        OneRow();
        var replacement = ComponentDefinition("operation_files") with { Description = null, UpdatedBy = null, MatchStatus = null, KeepNewest = null };

        using (var store = Fixture.Open())
        {
            store.SavePolicy(PathClassDefinition("operation_files"));
            store.SavePolicy(replacement);
        }

        var loaded = Assert.Single(ToolPoliciesInNewStore());
        Assert.Equal(replacement, loaded);
        Assert.Null(loaded.Root);
        Assert.Empty(loaded.Patterns);

        using (var store = Fixture.Open())
            store.SavePolicy(PathClassDefinition("operation_files"));
        Assert.Equal(PathClassDefinition("operation_files"), Assert.Single(ToolPoliciesInNewStore()));
    }

    [ContractFact]
    public void DeleteStoredPolicies_by_names_counts_what_went_and_null_deletes_all_the_rest()
    {
        OneRow();
        using var store = Fixture.Open();
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta" }) store.SavePolicy(PathClassDefinition(name));

        Assert.Equal(2, store.DeleteStoredPolicies(new[] { "alpha", "no-such-policy", "gamma", "alpha" }));
        Assert.Equal(new[] { "beta", "delta" }, store.GetStoredPolicies().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, store.DeleteStoredPolicies(new[] { "alpha" }));
        Assert.Equal(0, store.DeleteStoredPolicies(Array.Empty<string>()));
        Assert.Equal(2, store.GetStoredPolicies().Count);

        Assert.Equal(2, store.DeleteStoredPolicies(null));
        Assert.Empty(store.GetStoredPolicies());
        Assert.Equal(0, store.DeleteStoredPolicies(null));
        Assert.Empty(ToolPoliciesInNewStore());
    }

    [ContractFact]
    public void Policy_names_are_case_sensitive_as_stored()
    {
        OneRow();
        using var store = Fixture.Open();
        store.SavePolicy(PathClassDefinition("Nightly"));
        store.SavePolicy(ComponentDefinition("nightly"));

        Assert.Equal(new[] { "Nightly", "nightly" }, store.GetStoredPolicies().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(PolicyTargetKind.PathClass, store.GetStoredPolicies().Single(p => p.Name == "Nightly").TargetKind);
        Assert.Equal(0, store.DeleteStoredPolicies(new[] { "NIGHTLY" }));
        Assert.Equal(1, store.DeleteStoredPolicies(new[] { "nightly" }));

        var left = Assert.Single(ToolPoliciesInNewStore());
        Assert.Equal(PathClassDefinition("Nightly"), left);
    }
}
