using System.Collections.Concurrent;
using Cairn.Pulse;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Pulse;

[Trait("Storage", "None")]
public sealed class PulseDispatcherTests
{
    [Fact]
    public async Task AFailingPushIsReportedNotThrownAndTheNextPushStillGoesOut()
    {
        var publisher = new RecordingPublisher { Fail = message => message.EventType == "boom" };
        await using var dispatcher = await StartAsync(publisher);
        var agent = PulseTarget.Agent(Guid.NewGuid());

        var failed = await dispatcher.Enqueue(agent, Pushes.Message("boom"));
        var sent = await dispatcher.Enqueue(agent, Pushes.Message("fine"));

        Assert.Equal(PulseOutcome.Failed, failed);
        Assert.Equal(PulseOutcome.Sent, sent);
        Assert.Equal(["boom", "fine"], publisher.Published.Select(p => p.Message.EventType));
    }

    [Fact]
    public async Task OneAgentsSlowPushHoldsBackItsLaterPushesButNotOtherAgents()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = new RecordingPublisher { Gate = (message, _) => message.EventType == "slow" ? gate.Task : Task.CompletedTask };
        await using var dispatcher = await StartAsync(publisher);
        var alice = PulseTarget.Agent(Guid.NewGuid());
        var bob = OnAnotherLane(alice);

        var first = dispatcher.Enqueue(alice, Pushes.Message("slow"));
        var second = dispatcher.Enqueue(alice, Pushes.Message("after"));
        var other = await dispatcher.Enqueue(bob, Pushes.Message("other"));
        var beforeRelease = publisher.Published.Select(p => p.Message.EventType).ToList();
        gate.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(PulseOutcome.Sent, other);
        Assert.DoesNotContain("after", beforeRelease);
        var alicesPushes = publisher.Published.Where(p => p.Target == alice.ToString()).Select(p => p.Message.EventType);
        Assert.Equal(["slow", "after"], alicesPushes);
    }

    [Fact]
    public async Task WhenTheQueueIsFullAPushIsDroppedAtOnceInsteadOfBlockingTheCaller()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = new RecordingPublisher { Gate = (_, _) => gate.Task };
        await using var dispatcher = await StartAsync(publisher, capacity: 2);
        var agent = PulseTarget.Agent(Guid.NewGuid());

        var queued = new[] { dispatcher.Enqueue(agent, Pushes.Message()), dispatcher.Enqueue(agent, Pushes.Message()) };
        var overflow = dispatcher.Enqueue(agent, Pushes.Message());

        Assert.True(overflow.IsCompletedSuccessfully);
        Assert.Equal(PulseOutcome.Dropped, await overflow);
        gate.SetResult();
        Assert.All(await Task.WhenAll(queued), outcome => Assert.Equal(PulseOutcome.Sent, outcome));
    }

    [Fact]
    public async Task StoppingPastTheDeadlineDropsWhatIsLeftWithoutThrowing()
    {
        var publisher = new RecordingPublisher { Gate = (_, cancellation) => Task.Delay(Timeout.Infinite, cancellation) };
        var dispatcher = await StartAsync(publisher);
        var agent = PulseTarget.Agent(Guid.NewGuid());
        var stuck = dispatcher.Enqueue(agent, Pushes.Message());
        var behind = dispatcher.Enqueue(agent, Pushes.Message());
        await publisher.Started.Task;

        await dispatcher.StopAsync(new CancellationToken(canceled: true));

        Assert.Equal(PulseOutcome.Dropped, await stuck);
        Assert.Equal(PulseOutcome.Dropped, await behind);
        Assert.Equal(PulseOutcome.Dropped, await dispatcher.Enqueue(agent, Pushes.Message()));
        await dispatcher.DisposeAsync();
    }

    private static async Task<PulseDispatcher> StartAsync(IPulsePublisher publisher, int capacity = 100)
    {
        var dispatcher = new PulseDispatcher(publisher, Options.Create(new PulseOptions { DispatchQueueCapacity = capacity }), NullLogger<PulseDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        return dispatcher;
    }

    private static PulseTarget OnAnotherLane(PulseTarget target)
    {
        while (true)
        {
            var other = PulseTarget.Agent(Guid.NewGuid());
            if (PulseDispatcher.Lane(other) != PulseDispatcher.Lane(target))
            {
                return other;
            }
        }
    }

    private sealed class RecordingPublisher : IPulsePublisher
    {
        public Func<PulseMessage, bool> Fail { get; init; } = _ => false;

        public Func<PulseMessage, CancellationToken, Task> Gate { get; init; } = (_, _) => Task.CompletedTask;

        // Every attempt that got past its gate, failed or not, in order.
        public ConcurrentQueue<(string Target, PulseMessage Message)> Published { get; } = new();

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task PublishToAgentAsync(Guid agentId, PulseMessage message, CancellationToken cancellationToken) =>
            RecordAsync(PulseTarget.Agent(agentId).ToString()!, message, cancellationToken);

        public Task PublishToGroupAsync(string group, PulseMessage message, CancellationToken cancellationToken) =>
            RecordAsync(PulseTarget.Group(group).ToString()!, message, cancellationToken);

        public Task PublishToAllAsync(PulseMessage message, CancellationToken cancellationToken) =>
            RecordAsync(PulseTarget.All.ToString()!, message, cancellationToken);

        public ValueTask<int?> CountConnectedAgentsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<int?>(null);

        public Task CloseAgentConnectionsAsync(Guid agentId, long? keepKeyVersion, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task RecordAsync(string target, PulseMessage message, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Gate(message, cancellationToken);
            Published.Enqueue((target, message));
            if (Fail(message))
            {
                throw new HttpRequestException("Web PubSub is down");
            }
        }
    }
}
