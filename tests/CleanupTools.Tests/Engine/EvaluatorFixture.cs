using System.Globalization;
using CleanupTools.Policies;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Engine;

/// <summary>A fixed instant and the helpers the evaluator tests share.</summary>
internal static class EvaluatorFixture
{
    public static readonly DateTimeOffset Now = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static CandidateEvaluator Evaluator(RetentionPolicySet? policies = null) =>
        new(policies ?? RetentionPolicySet.Defaults, new FixedClock(Now));

    /// <summary>SQLite's datetime() text for an instant <paramref name="age"/> before <see cref="Now"/>.</summary>
    public static string Ago(TimeSpan age) => (Now - age).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static JobRecord Job(JobStatus status, object? completedAt, string? rawStatus = null, string? cleanedAt = null, string id = "job-1") =>
        new(id, "sol", rawStatus ?? status.ToString().ToLowerInvariant(), status, completedAt, "dem.tif", cleanedAt);
}
