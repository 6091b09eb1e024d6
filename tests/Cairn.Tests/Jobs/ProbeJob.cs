using System.Collections.Concurrent;
using Cairn.Jobs;

namespace Cairn.Tests.Jobs;

// Records every run (job, clock time, past-due flag) and does what the test told it to for that job.
public sealed class Probe(TimeProvider clock)
{
    private readonly ConcurrentQueue<ProbeRun> _runs = new();
    private readonly ConcurrentDictionary<string, Func<JobContext, CancellationToken, Task<JobResult>>> _behaviours = new();
    private int _active;
    private int _maxActive;

    public IReadOnlyList<ProbeRun> Runs => [.. _runs];

    public int MaxConcurrent => Volatile.Read(ref _maxActive);

    public void On(string job, Func<JobContext, CancellationToken, Task<JobResult>> behaviour) => _behaviours[job] = behaviour;

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var active = Interlocked.Increment(ref _active);
        InterlockedMax(ref _maxActive, active);
        _runs.Enqueue(new ProbeRun(context.Job, clock.GetUtcNow(), context.IsPastDue, context.Trigger));
        try
        {
            return _behaviours.TryGetValue(context.Job, out var behaviour)
                ? await behaviour(context, cancellationToken)
                : JobResult.Done();
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}

public sealed record ProbeRun(string Job, DateTimeOffset At, bool IsPastDue, JobTrigger Trigger);

public sealed class ProbeJob(Probe probe) : IJob
{
    public Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken) => probe.RunAsync(context, cancellationToken);
}
