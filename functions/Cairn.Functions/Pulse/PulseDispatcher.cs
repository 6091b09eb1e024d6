using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse;

// The one way feature code pushes. Write the inbox event first (the inbox is the source of truth), then call Enqueue:
// it returns at once and never throws, so a push can never fail or slow the request that caused it. Pushes run on a few
// background lanes chosen by target, so one agent's pushes keep their order while different agents' pushes proceed in
// parallel; a push that fails (after the publisher's own retries) is logged.
public sealed class PulseDispatcher(IPulsePublisher publisher, IOptions<PulseOptions> options, ILogger<PulseDispatcher> logger) : IHostedService, IAsyncDisposable
{
    // Enough parallelism to hide a slow REST call per lane, few enough that lanes stay cheap.
    private const int LaneCount = 8;

    private readonly Channel<Push>[] _lanes = Enumerable.Range(0, LaneCount)
        .Select(_ => Channel.CreateUnbounded<Push>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _workers = [];
    private int _pending;

    // Queues a push and returns a task that completes once it was attempted: Sent, or Failed/Dropped (logged). The task
    // never faults; callers need not await it.
    public Task<PulseOutcome> Enqueue(PulseTarget target, PulseMessage message)
    {
        var push = new Push(target, message);
        if (Interlocked.Increment(ref _pending) > options.Value.DispatchQueueCapacity)
        {
            Interlocked.Decrement(ref _pending);
            logger.LogWarning("Pulse queue full ({Capacity}); dropped {EventType} {MessageId} for {Target}",
                options.Value.DispatchQueueCapacity, message.EventType, message.Id, target);
            return Task.FromResult(PulseOutcome.Dropped);
        }
        if (!_lanes[Lane(target)].Writer.TryWrite(push))
        {
            Interlocked.Decrement(ref _pending);
            logger.LogWarning("Pulse is shutting down; dropped {EventType} {MessageId} for {Target}", message.EventType, message.Id, target);
            return Task.FromResult(PulseOutcome.Dropped);
        }
        return push.Outcome.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = _lanes.Select(lane => Task.Run(() => DrainAsync(lane.Reader), CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    // Sends what is queued until the host's shutdown deadline, then drops the rest (the inbox has it).
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }
        try
        {
            await Task.WhenAll(_workers).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
            await Task.WhenAll(_workers);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    internal static int Lane(PulseTarget target) => (int)((uint)StringComparer.Ordinal.GetHashCode(target.OrderingKey) % LaneCount);

    private async Task DrainAsync(ChannelReader<Push> reader)
    {
        await foreach (var push in reader.ReadAllAsync(CancellationToken.None))
        {
            push.Outcome.TrySetResult(await SendAsync(push));
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<PulseOutcome> SendAsync(Push push)
    {
        if (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("Pulse stopped before sending {EventType} {MessageId} to {Target}", push.Message.EventType, push.Message.Id, push.Target);
            return PulseOutcome.Dropped;
        }
        try
        {
            await push.Target.PublishAsync(publisher, push.Message, _stopping.Token);
            return PulseOutcome.Sent;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("Pulse stopped while sending {EventType} {MessageId} to {Target}", push.Message.EventType, push.Message.Id, push.Target);
            return PulseOutcome.Dropped;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Caught whole: a push failure must never escape into request code; the inbox still holds the event.
            logger.LogWarning(exception, "Pulse push of {EventType} {MessageId} to {Target} failed", push.Message.EventType, push.Message.Id, push.Target);
            return PulseOutcome.Failed;
        }
    }

    private sealed record Push(PulseTarget Target, PulseMessage Message)
    {
        public TaskCompletionSource<PulseOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
