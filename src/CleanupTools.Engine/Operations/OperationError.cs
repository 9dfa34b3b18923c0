namespace CleanupTools.Operations;

/// <summary>A per-item failure: the item is recorded as failed and the operation goes on.</summary>
/// <param name="ErrorId">A stable identifier (PowerShell's FullyQualifiedErrorId prefix).</param>
/// <param name="Target">The item that failed, usually a job id.</param>
public sealed record OperationError(string ErrorId, ErrorKind Kind, string Message, object? Target, Exception? Exception = null);
