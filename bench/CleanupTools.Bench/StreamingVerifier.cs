using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CleanupTools.Bench;

/// <summary>
/// Checks the streaming benchmark's outputs without holding them: the JSON is read with a forward-only reader
/// over a 1 MiB buffer (a million-row report is hundreds of MB), and ids are checked against
/// <see cref="StreamingRows"/> with one bit per row. Any mismatch throws <see cref="BenchmarkFailure"/>.
/// </summary>
public static class StreamingVerifier
{
    /// <summary>`candidates --json`: an array with one object per expired row (each once, none kept), no action Keep.</summary>
    public static void CheckCandidates(string path, StreamingRows rows, string who)
    {
        var visitor = new CandidateVisitor(rows, who);
        Scan(path, visitor, who);
        visitor.Ids.CheckComplete();
    }

    /// <summary>`run [--dry-run] --json`: job_details lists every expired row once with the expected outcome; the totals agree.</summary>
    public static void CheckRunReport(string path, StreamingRows rows, bool dryRun, string who)
    {
        var visitor = new RunVisitor(rows, dryRun ? "WouldDelete" : "Deleted", who);
        Scan(path, visitor, who);
        visitor.Ids.CheckComplete();
        if (visitor.DryRun != dryRun) Fail(who, $"dry_run is {visitor.DryRun?.ToString() ?? "missing"}");
        if (visitor.JobsWithErrors != 0) Fail(who, $"jobs_with_errors = {visitor.JobsWithErrors?.ToString() ?? "missing"}");
        if (visitor.Successful + visitor.Failed != rows.Expired)
            Fail(who, $"successful_jobs_processed + failed_jobs_processed = {visitor.Successful} + {visitor.Failed}, expected {rows.Expired}");
    }

    /// <summary>After a real run: exactly the expired rows have data_cleaned_at set.</summary>
    public static void CheckCleaned(StoreTable table, StreamingRows rows, string who)
    {
        var ids = new IdSet(rows, $"{who}: store");
        table.ForEachCleanedId(ids.Add);
        ids.CheckComplete("rows have data_cleaned_at set");
    }

    private interface IVisitor
    {
        void Visit(ref Utf8JsonReader reader);
    }

    private static void Scan<T>(string path, T visitor, string who) where T : IVisitor
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        var state = new JsonReaderState();
        var final = false;
        try
        {
            using var file = File.OpenRead(path);
            while (!final)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = file.Read(buffer, length, buffer.Length - length);
                final = read == 0;
                length += read;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
                while (reader.Read()) visitor.Visit(ref reader);
                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }
        }
        catch (JsonException e)
        {
            Fail(who, $"stdout is not complete JSON ({e.Message}); see {path}");
        }
    }

    private sealed class CandidateVisitor(StreamingRows rows, string who) : IVisitor
    {
        private int _property; // 1 job_id, 2 action
        public IdSet Ids { get; } = new(rows, who);

        public void Visit(ref Utf8JsonReader reader)
        {
            // [ {depth 1} "name" depth 2 ]
            if (reader.CurrentDepth != 2) return;
            if (reader.TokenType == JsonTokenType.PropertyName)
                _property = reader.ValueTextEquals("job_id") ? 1 : reader.ValueTextEquals("action") ? 2 : 0;
            else if (reader.TokenType == JsonTokenType.String && _property == 1) Ids.Add(reader.GetString()!);
            else if (reader.TokenType == JsonTokenType.String && _property == 2 && reader.ValueTextEquals("Keep")) Fail(who, "listed a job with action Keep");
        }
    }

    private sealed class RunVisitor(StreamingRows rows, string outcome, string who) : IVisitor
    {
        private string? _top;
        private int _property; // 1 job_id, 2 outcome
        public IdSet Ids { get; } = new(rows, who);
        public bool? DryRun { get; private set; }
        public long? JobsWithErrors { get; private set; }
        public long Successful { get; private set; }
        public long Failed { get; private set; }

        public void Visit(ref Utf8JsonReader reader)
        {
            // { "top" depth 1: [ {depth 2} "name" depth 3 ] }
            switch (reader.CurrentDepth)
            {
                case 1 when reader.TokenType == JsonTokenType.PropertyName:
                    _top = reader.GetString();
                    break;
                case 1 when _top == "dry_run" && reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    DryRun = reader.GetBoolean();
                    break;
                case 1 when reader.TokenType == JsonTokenType.Number:
                    if (_top == "jobs_with_errors") JobsWithErrors = reader.GetInt64();
                    if (_top == "successful_jobs_processed") Successful = reader.GetInt64();
                    if (_top == "failed_jobs_processed") Failed = reader.GetInt64();
                    break;
                case 3 when _top == "job_details" && reader.TokenType == JsonTokenType.PropertyName:
                    _property = reader.ValueTextEquals("job_id") ? 1 : reader.ValueTextEquals("outcome") ? 2 : 0;
                    break;
                case 3 when _top == "job_details" && reader.TokenType == JsonTokenType.String && _property == 1:
                    Ids.Add(reader.GetString()!);
                    break;
                case 3 when _top == "job_details" && reader.TokenType == JsonTokenType.String && _property == 2:
                    if (!reader.ValueTextEquals(outcome)) Fail(who, $"a job's outcome is {reader.GetString()}, expected {outcome}");
                    break;
            }
        }
    }

    /// <summary>Ids seen once each, every one an expired row's; complete when all expired rows were seen.</summary>
    private sealed class IdSet(StreamingRows rows, string who)
    {
        private readonly BitArray _seen = new(rows.Count);
        private long _count;

        public void Add(string id)
        {
            if (!rows.TryIndex(id, out var i)) Fail(who, $"'{id}' is no row of the generated table");
            if (!rows.IsExpired(i)) Fail(who, $"row {i} ({id}) is not past its retention, and must be kept");
            if (_seen[i]) Fail(who, $"row {i} ({id}) appears twice");
            _seen[i] = true;
            _count++;
        }

        public void CheckComplete(string what = "jobs listed")
        {
            if (_count != rows.Expired) Fail(who, $"{_count:N0} {what}, expected the {rows.Expired:N0} expired rows");
        }
    }

    [DoesNotReturn]
    private static void Fail(string who, string message) => throw new BenchmarkFailure($"{who}: {message}");
}
