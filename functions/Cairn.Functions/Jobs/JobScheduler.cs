using Microsoft.Extensions.Options;

namespace Cairn.Jobs;

// Runs every registered job on its NCRONTAB schedule when there is no Functions host to do it (local runs). One loop
// per job, so a job never overlaps itself; occurrences missed while a run overran are caught up by one past-due run, as
// the host does. Waits on TimeProvider timers, so a fake clock drives it in tests.
public sealed class JobScheduler(
    JobRegistry registry, JobRunner runner, TimeProvider clock, IOptions<JobOptions> options, IConfiguration configuration, ILogger<JobScheduler> logger)
    : BackgroundService
{
    // Longer waits are taken in steps: a TimeProvider timer cannot wait more than about 49 days at once.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]))
        {
            logger.LogInformation("Job scheduler off: running under the Functions host, whose timer triggers invoke the jobs.");
            return Task.CompletedTask;
        }
        if (!options.Value.SchedulerEnabled)
        {
            logger.LogInformation("Job scheduler off: {Setting} is false.", $"{JobOptions.Section}:{nameof(JobOptions.SchedulerEnabled)}");
            return Task.CompletedTask;
        }
        return Task.WhenAll(registry.All.Select(job => RunOnScheduleAsync(job, stoppingToken)));
    }

    private async Task RunOnScheduleAsync(JobDefinition job, CancellationToken stoppingToken)
    {
        logger.LogInformation("Scheduling job {Job} on '{Schedule}' (UTC)", job.Name, job.Schedule);
        var cursor = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset due;
            try
            {
                due = job.Schedule.GetNextOccurrence(cursor);
            }
            catch (InvalidOperationException exception)
            {
                logger.LogError(exception, "Job {Job} has no further occurrence; the scheduler stops scheduling it", job.Name);
                return;
            }
            // The previous run overran this occurrence (and maybe more): run once now, flagged past due.
            var pastDue = due < clock.GetUtcNow();
            try
            {
                if (!pastDue)
                {
                    await WaitUntilAsync(due, stoppingToken);
                }
                await runner.RunAsync(job, JobTrigger.Scheduler, pastDue, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The runner reports job failures itself; this is the scheduler's own fault. Keep the app alive.
                logger.LogError(exception, "Job scheduler failed to run {Job} due at {Due}; trying again at its next occurrence", job.Name, due);
            }
            cursor = pastDue ? clock.GetUtcNow() : due;
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        // Loop: timers may fire a little early, and long waits are split.
        for (var remaining = due - clock.GetUtcNow(); remaining > TimeSpan.Zero; remaining = due - clock.GetUtcNow())
        {
            await Task.Delay(remaining < LongestWait ? remaining : LongestWait, clock, cancellationToken);
        }
    }
}
