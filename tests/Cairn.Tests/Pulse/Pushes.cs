using Cairn.Pulse;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Pulse;

// Pushing as feature code does: through the app's dispatcher, awaiting the outcome instead of sleeping.
public static class Pushes
{
    public static PulseMessage Message(string eventType = "test_event", object? data = null) =>
        PulseMessage.Create(Guid.NewGuid(), eventType, data ?? new { }, DateTimeOffset.UtcNow);

    public static async Task<PulseMessage> PushAsync(this CairnApp app, PulseTarget target, PulseMessage? message = null)
    {
        message ??= Message();
        var outcome = await app.Services.GetRequiredService<PulseDispatcher>().Enqueue(target, message);
        Assert.Equal(PulseOutcome.Sent, outcome);
        return message;
    }

    public static Task<PulseMessage> PushToAgentAsync(this CairnApp app, string agentId, PulseMessage? message = null) =>
        app.PushAsync(PulseTarget.Agent(Guid.Parse(agentId)), message);
}
