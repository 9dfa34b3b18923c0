namespace CleanupTools.Reports;

/// <summary>`policy --json`: the policies in force, each with the source of its retention.</summary>
public static class RetentionPolicyJson
{
    public static void Write(Stream output, IEnumerable<RetentionPolicy> policies)
    {
        using var json = JsonOutput.Create(output);
        json.WriteStartArray();
        foreach (var p in policies)
        {
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("target", p.Target);
            json.WriteString("target_kind", p.TargetKind.ToString());
            json.WriteNumber("retention_hours", p.RetentionHours);
            json.WriteString("action", p.Action.ToString());
            json.WriteBoolean("enabled", p.Enabled);
            if (p.KeepNewest is { } n) json.WriteNumber("keep_newest", n); else json.WriteNull("keep_newest");
            json.WriteBoolean("keep_newest_per_workflow", p.KeepNewestPerWorkflow);
            if (p.Component is { } c) json.WriteString("component", c.ToString().ToLowerInvariant()); else json.WriteNull("component");
            json.WriteString("root", p.Root);
            json.WriteStartArray("patterns");
            foreach (var pattern in p.Patterns) json.WriteStringValue(pattern);
            json.WriteEndArray();
            json.WriteString("match_status", p.MatchStatus);
            json.WriteString("source", p.Source.ToString());
            json.WriteString("definition_source", p.DefinitionSource.ToString());
            json.WriteString("description", p.Description);
            if (p.UpdatedAt is { } at) json.WriteString("updated_at", at); else json.WriteNull("updated_at");
            json.WriteString("updated_by", p.UpdatedBy);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
