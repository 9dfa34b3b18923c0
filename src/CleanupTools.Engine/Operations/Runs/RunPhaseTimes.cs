using System.Diagnostics;

namespace CleanupTools.Operations.Runs;

/// <summary>
/// Where a run's time went, for the benchmark (bench/) and for profiling by hand: the calling thread's phases, which
/// follow one another, and the workers' phases, summed over the workers (they overlap the calling thread's and each
/// other). Measuring costs two timestamps per phase per batch or job; nothing here changes what a run does.
/// </summary>
public sealed class RunPhaseTimes
{
    private readonly long[] _ticks = new long[Enum.GetValues<RunPhase>().Length];

    /// <summary>Each phase with its time so far, in the order of <see cref="RunPhase"/>.</summary>
    public IReadOnlyList<(RunPhase Phase, TimeSpan Time)> Snapshot() =>
        Enum.GetValues<RunPhase>().Select(p => (p, Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)p])))).ToArray();

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>) to a phase.</summary>
    internal void AddSince(RunPhase phase, long start) => Interlocked.Add(ref _ticks[(int)phase], Stopwatch.GetTimestamp() - start);

    /// <summary>Times the scope it opens; safe on several threads at once.</summary>
    internal Scope Time(RunPhase phase) => new(this, phase, Stopwatch.GetTimestamp());

    internal readonly struct Scope : IDisposable
    {
        private readonly RunPhaseTimes _times;
        private readonly RunPhase _phase;
        private readonly long _start;

        public Scope(RunPhaseTimes times, RunPhase phase, long start)
        {
            _times = times;
            _phase = phase;
            _start = start;
        }

        public void Dispose() => _times.AddSince(_phase, _start);
    }
}

/// <summary>The phases <see cref="RunPhaseTimes"/> tells apart.</summary>
public enum RunPhase
{
    /// <summary>Calling thread: the run's set-up, the run lock and the store's counts, before the guard.</summary>
    Prepare,
    /// <summary>Calling thread: the mass-deletion guard's pass over the store.</summary>
    Guard,
    /// <summary>Calling thread: reading the store's pages and selecting the jobs to queue.</summary>
    Select,
    /// <summary>Calling thread: each batch re-read, planned and confirmed.</summary>
    Plan,
    /// <summary>Calling thread: waiting for the workers to finish a batch's deletion.</summary>
    Wait,
    /// <summary>Calling thread: each batch's rows and audit rows written to the store.</summary>
    Record,
    /// <summary>Calling thread: each batch's results handed to the host (the CLI's JSON report).</summary>
    Report,
    /// <summary>Calling thread: path classes, the backup purge and the run's own audit row.</summary>
    Finish,
    /// <summary>Workers, summed: the per-job re-read and re-check just before each deletion.</summary>
    Recheck,
    /// <summary>Workers, summed: deleting (or measuring) the jobs' files.</summary>
    Delete,
}
