namespace CleanupTools.Operations;

/// <summary>One value a front end offers on Tab: the value itself, how a list of them shows it, and what it is.</summary>
public sealed record CompletionValue(string Value, string ListItem, string Description);
