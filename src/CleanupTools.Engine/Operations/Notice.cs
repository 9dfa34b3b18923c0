namespace CleanupTools.Operations;

/// <summary>
/// A message that ends in advice. <see cref="Message"/> is the engine's, without any command; the front end adds
/// its wording of <see cref="Advice"/>. A warning is said every time; otherwise it is a verbose line.
/// </summary>
public sealed record Notice(string Message, Advice Advice, bool Warning = false);
