namespace CleanupTools.FileSystem;

/// <summary>One way of walking and deleting trees; <see cref="SafeDeleter"/> picks the best the platform offers.</summary>
internal interface ITreeWalker
{
    DeletionOutcome Delete(DeletionTarget target, bool measureOnly);

    TreeTally Measure(string directory);
}
