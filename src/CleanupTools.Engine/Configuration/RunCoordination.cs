namespace CleanupTools.Configuration;

/// <summary>
/// How a run shares its store with other runs: exclusively (the default: a second run waits up to
/// <see cref="LockTimeout"/>, then stops naming the holder) or as one of several workers that split the jobs by
/// claiming them for <see cref="ClaimTtl"/>.
/// </summary>
public sealed record RunCoordination(TimeSpan LockTimeout, bool Worker, TimeSpan ClaimTtl)
{
    public static readonly TimeSpan DefaultClaimTtl = TimeSpan.FromMinutes(10);
    /// <summary>A second run does not wait for the first: cron's next slot is the retry.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.Zero;
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    public static readonly string[] LockTimeoutVariables = { "CLEANUPTOOLS_LOCK_TIMEOUT_SECONDS" };
    public static readonly string[] WorkerVariables = { "CLEANUPTOOLS_WORKER" };
    public static readonly string[] ClaimTtlVariables = { "CLEANUPTOOLS_CLAIM_TTL_SECONDS" };

    public static RunCoordination Resolve(CleanupOptions options, EnvironmentReader environment)
    {
        var lockTimeout = options.LockTimeout is { } t ? Check("LockTimeout", t, TimeSpan.Zero)
            : environment.First(LockTimeoutVariables) is { } te ? TimeSpan.FromSeconds(SettingValueParser.ParseInt(te.Name, te.Value, 0, (int)MaxWait.TotalSeconds))
            : DefaultLockTimeout;
        var worker = options.Worker ?? (environment.First(WorkerVariables) is { } we && SettingValueParser.ParseBool(we.Name, we.Value));
        var ttl = options.ClaimTtl is { } c ? Check("ClaimTtl", c, TimeSpan.FromSeconds(1))
            : environment.First(ClaimTtlVariables) is { } ce ? TimeSpan.FromSeconds(SettingValueParser.ParseInt(ce.Name, ce.Value, 1, (int)MaxWait.TotalSeconds))
            : DefaultClaimTtl;
        return new RunCoordination(lockTimeout, worker, ttl);
    }

    private static TimeSpan Check(string name, TimeSpan value, TimeSpan min)
    {
        if (value < min || value > MaxWait)
            throw new ConfigurationException($"{name} must be from {min.TotalSeconds:0} s to {MaxWait.TotalHours:0} h (got {value}).");
        return value;
    }
}
