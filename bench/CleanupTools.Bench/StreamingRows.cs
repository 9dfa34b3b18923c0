using System.Globalization;

namespace CleanupTools.Bench;

/// <summary>One generated jobs row, in the reference schema's columns (ReferenceSchema.JobsTable).</summary>
public readonly record struct StreamingRow(
    string Id, string WorkflowType, string Status, DateTime CreatedAt, DateTime? CompletedAt, string? DemFilename, string Parameters, string? ErrorMessage);

/// <summary>
/// The rows of the streaming benchmark's job tables, a pure function of the row number, so that any id the tool
/// reports (or marks cleaned) can be checked without keeping a million ids: row i's id ends in i as 12 hex digits.
/// Every row is past its retention (completed 170 h or more ago, failed 13 h or more ago) except one in
/// <c>keepEvery</c> (row i with i % keepEvery == 1), which is in turn running, pending, completed 24 h ago or
/// failed 2 h ago. No row has files on disk: what a run costs is the store, not the file system. With
/// <c>sharedUpload</c> every row names one upload, which the kept running and pending rows hold.
/// </summary>
public sealed class StreamingRows(int count, int keepEvery, DateTime nowUtc, bool withDemFilenames, bool sharedUpload = false)
{
    /// <summary>The one upload every row names when the table is generated with <c>sharedUpload</c> (issue 8 item 9).</summary>
    public const string SharedUploadName = "shared_dem.tif";

    private static readonly string[] KeptStatuses = { "running", "pending", "completed", "failed" };
    private static readonly string[] Workflows = { "sol", "eemt", "sol", "eemt_full" };

    public int Count => count;
    public int KeepEvery => keepEvery;
    public bool WithDemFilenames => withDemFilenames;
    public bool SharedUpload => sharedUpload;

    public bool IsExpired(long i) => i % keepEvery != 1;

    /// <summary>Rows the tool must clean: all but one in <c>keepEvery</c>.</summary>
    public long Expired => count - (count > 1 ? (count - 2) / keepEvery + 1 : 0);

    public StreamingRow Row(int i)
    {
        string status;
        double ageHours;
        if (!IsExpired(i))
        {
            status = KeptStatuses[i / keepEvery % KeptStatuses.Length];
            // Well inside the retention (168 h completed, 12 h failed) even if the benchmark runs for an hour.
            ageHours = status == "failed" ? 2 : 24;
        }
        else
        {
            status = i % 3 == 0 ? "failed" : "completed";
            ageHours = status == "failed" ? 13 + i % 2000 : 170 + i % 3000;
        }
        var completed = nowUtc.AddHours(-ageHours);
        var id = Id(i);
        return new StreamingRow(
            id,
            Workflows[i % Workflows.Length],
            status,
            completed.AddMinutes(-37 - i % 600),
            status is "running" or "pending" ? null : completed,
            sharedUpload ? SharedUploadName : withDemFilenames ? $"{id}_dem.tif" : null,
            $"{{\"step\": {1 + i % 3}, \"linke_value\": 3.0, \"num_threads\": {2 << (i % 3)}}}",
            status == "failed" ? "r.sun: out of memory" : null);
    }

    /// <summary>A version-4-shaped UUID (applications key jobs by uuid4), pseudo-random in front, the row number in its last 12 hex digits.</summary>
    public static string Id(long i)
    {
        var a = Mix(2 * (ulong)i + 1);
        var b = Mix(2 * (ulong)i + 2);
        return string.Create(CultureInfo.InvariantCulture, $"{a >> 32:x8}-{(a >> 16) & 0xffff:x4}-4{a & 0xfff:x3}-{0x8000 | (b & 0x3fff):x4}-{i:x12}");
    }

    /// <summary>The row number of one of this table's ids; false for anything else.</summary>
    public bool TryIndex(string? id, out int index)
    {
        index = -1;
        if (id is not { Length: 36 } || !long.TryParse(id.AsSpan(24), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var i)
            || i < 0 || i >= count || Id(i) != id)
            return false;
        index = (int)i;
        return true;
    }

    /// <summary>splitmix64's finaliser.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
