using System.Collections.Concurrent;
using System.Diagnostics;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Jobs;

// Runs a job once, for any trigger: one run per job at a time in this instance, a fresh DI scope, a time budget, and
// every outcome (including exceptions, classified transient or permanent) turned into a JobRun and logged.
public sealed class JobRunner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<JobOptions> options, Telemetry.CairnTelemetry telemetry, ILogger<JobRunner> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<JobRun> RunAsync(JobDefinition job, JobTrigger trigger, bool isPastDue, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.CairnTelemetry.Source.StartActivity($"job {job.Name}");
        var context = new JobContext(job.Name, trigger, isPastDue, clock, options.Value.RunBudget, logger);
        var gate = _gates.GetOrAdd(job.Name, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
            context.Log("Skipped: a run of this job is still in progress in this instance; it covers this occurrence.");
            return Report(context, JobRunStatus.Skipped, null, JobResult.Done(), null);
        }

        try
        {
            context.Log($"Started by {Describe(trigger)}{(isPastDue ? ", past due (a scheduled occurrence was missed)" : "")}.");
            await using var scope = scopes.CreateAsyncScope();
            var handler = (IJob)scope.ServiceProvider.GetRequiredService(job.Handler);
            var result = await handler.RunAsync(context, cancellationToken);
            context.Log(result.Finished
                ? $"Succeeded in {Seconds(context)} s."
                : $"Stopped at its time budget after {Seconds(context)} s with work remaining; the next run continues from there.");
            return Report(context, JobRunStatus.Succeeded, null, result, null);
        }
        catch (Exception exception)
        {
            var failure = Classify(exception, cancellationToken);
            var message = cancellationToken.IsCancellationRequested && exception is OperationCanceledException
                ? "The run was cancelled (shutdown or caller gone) before it finished."
                : FirstLine(exception.Message);
            context.Log($"Failed ({failure.ToString().ToLowerInvariant()}): {message}");
            if (failure == JobFailure.Transient)
            {
                logger.LogWarning(exception, "Job {Job} failed transiently after {Seconds} s", job.Name, Seconds(context));
            }
            else
            {
                logger.LogError(exception, "Job {Job} failed permanently after {Seconds} s", job.Name, Seconds(context));
            }
            return Report(context, JobRunStatus.Failed, failure, JobResult.MoreRemaining(), message);
        }
        finally
        {
            gate.Release();
        }
    }

    // Transient: the job said so, storage is briefly unreachable, or the run was cancelled; anything else is permanent.
    internal static JobFailure Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        TransientJobException or StorageUnavailableException or TimeoutException => JobFailure.Transient,
        OperationCanceledException when cancellationToken.IsCancellationRequested => JobFailure.Transient,
        _ => JobFailure.Permanent,
    };

    private JobRun Report(JobContext context, JobRunStatus status, JobFailure? failure, JobResult result, string? error)
    {
        var run = new JobRun(context.Job, context.Trigger, status, failure, context.IsPastDue, context.StartedAt, clock.GetUtcNow(),
            result.Finished, result.Counts, context.Lines(), error);
        var tags = new TagList { { "cairn.job", run.Job }, { "cairn.job.trigger", run.Trigger.ToString() }, { "cairn.job.status", run.Status.ToString() } };
        telemetry.JobRuns.Add(1, tags);
        telemetry.JobDuration.Record((run.CompletedAt - run.StartedAt).TotalSeconds, tags);
        Activity.Current?.SetTag("cairn.job.status", run.Status.ToString());
        return run;
    }

    // Vendor messages (PostgreSQL's among them) append detail lines; a log line stays one line.
    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;

    private string Seconds(JobContext context) =>
        (clock.GetUtcNow() - context.StartedAt).TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(JobTrigger trigger) => trigger switch
    {
        JobTrigger.Scheduler => "the in-process scheduler",
        JobTrigger.FunctionsHost => "the Functions host's timer",
        JobTrigger.Admin => "an administrator",
        _ => trigger.ToString(),
    };
}
