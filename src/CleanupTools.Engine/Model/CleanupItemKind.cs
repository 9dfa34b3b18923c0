namespace CleanupTools;

/// <summary>Whether a candidate or result is about a job (its data under the job roots) or a file a path class matched.</summary>
public enum CleanupItemKind
{
    Job,
    Path,
}
