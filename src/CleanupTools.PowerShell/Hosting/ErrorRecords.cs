using System.Management.Automation;
using CleanupTools.Configuration;
using CleanupTools.Operations;

namespace CleanupTools.PowerShell.Hosting;

/// <summary>Builds ErrorRecords whose category and target let -ErrorAction and $Error filtering work as admins expect.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(OperationError error)
    {
        var category = Enum.TryParse<ErrorCategory>(error.Kind.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
        Exception exception = error.Exception ?? error.Kind switch
        {
            ErrorKind.ObjectNotFound => new ItemNotFoundException(error.Message),
            ErrorKind.SecurityError => new System.Security.SecurityException(error.Message),
            ErrorKind.PermissionDenied => new UnauthorizedAccessException(error.Message),
            ErrorKind.InvalidArgument or ErrorKind.InvalidData => new ArgumentException(error.Message),
            _ => new IOException(error.Message),
        };
        return new ErrorRecord(exception, error.ErrorId, category, error.Target);
    }

    public static ErrorRecord Configuration(ConfigurationException exception) =>
        new(exception, "InvalidCleanupConfiguration", ErrorCategory.InvalidArgument, null);
}
