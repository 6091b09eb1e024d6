namespace Cairn.Jobs;

/// <summary>
/// A unit of scheduled background work. Register it with <c>services.AddJob&lt;TJob&gt;(name, schedule)</c>; the same
/// registration drives the Functions host's timer (function.json), the host's invocation endpoint, the in-process
/// scheduler and the admin endpoint. Resolved from a fresh DI scope for each run.
/// </summary>
/// <remarks>
/// Contract: be idempotent (a run may repeat or overlap a retry), work in bounded batches, stop taking new batches
/// once <see cref="JobContext.BudgetExhausted"/> and return <see cref="JobResult.MoreRemaining"/> so the next run
/// resumes. Throw <see cref="TransientJobException"/> for failures worth retrying as they are; any other exception
/// is a permanent failure. Either fails the run.
/// </remarks>
public interface IJob
{
    /// <summary>Does one run's worth of work, logging what it did through <paramref name="context"/>.</summary>
    Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken);
}
