using CleanupTools.Operations;

namespace CleanupTools.Tests.Support;

/// <summary>
/// The test double of a PowerShell host: records every call on the engine seam and answers ShouldProcess
/// as the test says (true = -Confirm "Yes"/-Force, false = -WhatIf or "No").
/// </summary>
public sealed class RecordingHost : IOperationHost
{
    private readonly Func<string, string, bool> _answer;

    public RecordingHost(bool shouldProcess = true) : this((_, _) => shouldProcess) { }

    public RecordingHost(Func<string, string, bool> answer) => _answer = answer;

    public List<object> Objects { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();
    /// <summary>Messages with advice, as the engine gave them; their text (without the advice) is also in Warnings or Verbose.</summary>
    public List<Notice> Notices { get; } = new();
    public List<OperationError> Errors { get; } = new();
    public List<OperationProgress> Progress { get; } = new();
    public List<(string Target, string Action)> ShouldProcessCalls { get; } = new();
    public CancellationTokenSource Cancel { get; } = new();

    public CancellationToken Cancellation => Cancel.Token;

    public IEnumerable<T> Of<T>() => Objects.OfType<T>();

    public void WriteObject(object item) => Objects.Add(item);
    public void WriteVerbose(string message) => Verbose.Add(message);
    public void WriteWarning(string message) => Warnings.Add(message);

    public void WriteNotice(Notice notice)
    {
        Notices.Add(notice);
        (notice.Warning ? Warnings : Verbose).Add(notice.Message);
    }

    public void WriteError(OperationError error) => Errors.Add(error);
    public void WriteProgress(OperationProgress progress) => Progress.Add(progress);

    public bool ShouldProcess(string target, string action)
    {
        ShouldProcessCalls.Add((target, action));
        return _answer(target, action);
    }
}
