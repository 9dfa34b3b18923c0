namespace CleanupTools.Reports;

/// <summary>How <see cref="RunReportJsonWriter"/> lays out a run's report.</summary>
public enum RunReportFormat
{
    /// <summary>One indented document (reference 000's shape), for people and for one file per run.</summary>
    Document,
    /// <summary>JSON Lines: one compact summary line per run, for a log that every run appends to.</summary>
    JsonLines,
    /// <summary>JSON Lines with a line per job before the summary line, each naming its type and run.</summary>
    JsonLinesPerJob,
}
