using Cairn.Jobs;

namespace Cairn.Events.Webhooks;

/// <summary>The timer function's side of the dispatcher: wakes an instance for retries that fall due while none is running.</summary>
public sealed class WebhookDispatchJob(WebhookDispatcher dispatcher) : IJob
{
    public async Task<JobResult> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        long tried = 0;
        while (true)
        {
            var batch = await dispatcher.DispatchDueAsync(cancellationToken);
            tried += batch;
            var counts = new Dictionary<string, long> { ["tried"] = tried };
            if (batch < WebhookDispatcher.BatchSize)
            {
                context.Log($"Tried {tried} due webhook deliveries; none left.");
                return JobResult.Done(counts);
            }
            if (context.BudgetExhausted)
            {
                context.Log($"Tried {tried} due webhook deliveries; more remain for the next run.");
                return JobResult.MoreRemaining(counts);
            }
        }
    }
}

/// <summary>The dispatcher inside the app: sends new deliveries at once (woken by the publisher) and due retries every poll.</summary>
public sealed class WebhookDispatchService(IServiceProvider services, DispatchSignal signal, Microsoft.Extensions.Options.IOptions<WebhookOptions> options,
    IHostApplicationLifetime lifetime, ILogger<WebhookDispatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundDispatch)
        {
            return;
        }
        // The first round waits until the server listens: before, it competes for the CPU with start-up (docs/deploy.md, "Cold start").
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var dispatcher = services.GetRequiredService<WebhookDispatcher>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await dispatcher.DispatchDueAsync(stoppingToken) == WebhookDispatcher.BatchSize)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The timer function and the next poll retry; one failed round must not end the loop.
                logger.LogError(e, "Webhook dispatch round failed");
            }
            try
            {
                // Wall time between polls, not business time: a test's fake clock must not hold a timer of ours.
                await signal.WaitAsync(options.Value.PollInterval, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
