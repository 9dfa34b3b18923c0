using System.Text.Json;

namespace CleanupTools.Reports;

/// <summary>Writes candidates as a JSON array of objects with job_id first, streaming one at a time.</summary>
public sealed class CandidateJsonWriter : IDisposable
{
    private readonly Utf8JsonWriter _json;

    public CandidateJsonWriter(Stream output)
    {
        _json = JsonOutput.Create(output);
        _json.WriteStartArray();
    }

    public void Write(CleanupCandidate candidate)
    {
        _json.WriteStartObject();
        _json.WriteString("job_id", candidate.JobId);
        _json.WriteString("item_kind", candidate.TargetKind.ToString().ToLowerInvariant());
        _json.WriteString("item", candidate.Target);
        _json.WriteString("status", candidate.Status.ToString().ToLowerInvariant());
        _json.WriteString("raw_status", candidate.RawStatus);
        _json.WriteString("workflow_type", candidate.WorkflowType);
        if (candidate.CompletedAt is { } completed) _json.WriteString("completed_at", RunReportJsonWriter.Iso(completed)); else _json.WriteNull("completed_at");
        if (candidate.Age is { } age) _json.WriteNumber("age_hours", Math.Round(age.TotalHours, 2)); else _json.WriteNull("age_hours");
        _json.WriteString("policy", candidate.Policy);
        _json.WriteString("action", candidate.Action.ToString());
        _json.WriteStartArray("paths");
        foreach (var path in candidate.Paths) _json.WriteStringValue(path);
        _json.WriteEndArray();
        _json.WriteNumber("size_bytes", candidate.SizeBytes);
        _json.WriteString("reason", candidate.Reason);
        _json.WriteEndObject();
        _json.Flush();
    }

    public void Complete()
    {
        _json.WriteEndArray();
        _json.Flush();
    }

    public void Dispose() => _json.Dispose();
}
