namespace CleanupTools.Operations;

/// <summary>A real run stopped by the <see cref="MassDeletionGuard"/> before it deleted anything.</summary>
public sealed class MassDeletionRefusedException : Exception
{
    public MassDeletionRefusedException(string message) : base(message)
    {
    }
}
