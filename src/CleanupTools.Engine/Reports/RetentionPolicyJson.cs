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
            json.WriteString("target", p.Target.ToString().ToLowerInvariant());
            json.WriteNumber("retention_hours", p.RetentionHours);
            json.WriteString("action", p.Action.ToString());
            json.WriteBoolean("enabled", p.Enabled);
            json.WriteString("source", p.Source.ToString());
            json.WriteString("description", p.Description);
            if (p.UpdatedAt is { } at) json.WriteString("updated_at", at); else json.WriteNull("updated_at");
            json.WriteString("updated_by", p.UpdatedBy);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
