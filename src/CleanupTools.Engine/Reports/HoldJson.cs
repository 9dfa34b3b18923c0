namespace CleanupTools.Reports;

/// <summary>`hold list --json`.</summary>
public static class HoldJson
{
    public static void Write(Stream output, IEnumerable<CleanupHold> holds, DateTimeOffset now)
    {
        using var json = JsonOutput.Create(output);
        json.WriteStartArray();
        foreach (var h in holds)
        {
            json.WriteStartObject();
            json.WriteNumber("id", h.Id);
            json.WriteString("kind", h.Kind.ToString().ToLowerInvariant());
            json.WriteString("target", h.Target);
            json.WriteString("reason", h.Reason);
            if (h.ExpiresAt is { } at) json.WriteString("expires_at", at); else json.WriteNull("expires_at");
            json.WriteBoolean("active", h.IsActive(now));
            json.WriteString("created_at", h.CreatedAt);
            json.WriteString("created_by", h.CreatedBy);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
