namespace CleanupTools;

/// <summary>
/// The parts of a job's data, each under its own root (references 000/002: results/&lt;id&gt;, uploads/&lt;dem&gt;,
/// logs/&lt;id&gt;, temp/&lt;id&gt;). The configuration is the job's record in the store, which the tool keeps.
/// </summary>
public enum DataComponent
{
    Results,
    Uploads,
    Logs,
    Temp,
    Configuration,
}
