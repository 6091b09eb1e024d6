using Cairn.Events.Webhooks;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Events;

/// <summary>
/// An app on a database of its own whose webhooks may reach loopback receivers, on a fake clock, with the in-app
/// dispatcher off: tests dispatch by hand and move time to the next retry, so every schedule is exact and nothing sleeps.
/// </summary>
public sealed class WebhookAppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public FakeClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public CairnApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CairnApp(Database, new Dictionary<string, string?>
        {
            ["Cairn:Webhooks:AllowPrivateNetworks"] = "true",
            ["Cairn:Webhooks:BackgroundDispatch"] = "false",
            ["Cairn:Webhooks:DisableAfter"] = "2.00:00:00",
        }, Clock);
        App.StartServer();
    }

    /// <summary>Sends every delivery due now, batch after batch (the timer function's work); returns how many were due.</summary>
    public async Task<int> DispatchAsync()
    {
        var dispatcher = App.Services.GetRequiredService<WebhookDispatcher>();
        int batch, total = 0;
        do
        {
            total += batch = await dispatcher.DispatchDueAsync(CancellationToken.None);
        }
        while (batch == WebhookDispatcher.BatchSize);
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
