namespace CleanupTools.Operations;

/// <summary>Error classes, named exactly as PowerShell's ErrorCategory members so the cmdlet layer maps them by name.</summary>
public enum ErrorKind
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    PermissionDenied,
    SecurityError,
    WriteError,
    ResourceUnavailable,
}
