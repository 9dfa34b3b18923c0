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
        var message = Reports.HumanText.Escape(error.Message);
        Exception exception = error.Exception ?? error.Kind switch
        {
            ErrorKind.ObjectNotFound => new ItemNotFoundException(message),
            ErrorKind.SecurityError => new System.Security.SecurityException(message),
            ErrorKind.PermissionDenied => new UnauthorizedAccessException(message),
            ErrorKind.InvalidArgument or ErrorKind.InvalidData => new ArgumentException(message),
            _ => new IOException(message),
        };
        return new ErrorRecord(exception, error.ErrorId, category, error.Target);
    }

    public static ErrorRecord Configuration(ConfigurationException exception) =>
        new(exception, "InvalidCleanupConfiguration", ErrorCategory.InvalidArgument, null);
}
