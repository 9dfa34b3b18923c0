namespace CleanupTools.FileSystem;

/// <summary>A name from the store would resolve outside its root; the job fails and nothing is touched.</summary>
public sealed class UnsafePathException : Exception
{
    public UnsafePathException(string message) : base(message) { }
}
