namespace CleanupTools.Operations;

/// <summary>A progress report; <see cref="Completed"/> closes the progress bar.</summary>
public sealed record OperationProgress(string Activity, string Status, int PercentComplete, bool Completed = false);
