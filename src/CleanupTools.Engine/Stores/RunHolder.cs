using System.Globalization;

namespace CleanupTools.Stores;

/// <summary>Who holds a store's run lock: enough for an admin to find the process.</summary>
public sealed record RunHolder(string Host, int ProcessId, DateTimeOffset StartedAt, string User)
{
    public static RunHolder Current(TimeProvider clock) =>
        new(Environment.MachineName, Environment.ProcessId, clock.GetUtcNow(), Environment.UserName);

    /// <summary>One line, also used as the lock's stored description: "host H, pid P, user U, started T".</summary>
    public override string ToString() =>
        $"host {Host}, pid {ProcessId}, user {User}, started {StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
}
