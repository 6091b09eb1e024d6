using Cairn.Tests.Support;

namespace Cairn.Tests.Events;

/// <summary>The dispatcher inside the app: an event reaches the receiver with no timer run, woken by the outbox write.</summary>
public sealed class BackgroundDispatchTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private CairnApp _app = null!;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
        // Ten minutes between polls: only the publisher's wake-up can explain a delivery within the test.
        _app = new CairnApp(_database, new Dictionary<string, string?>
        {
            ["Cairn:Webhooks:AllowPrivateNetworks"] = "true",
            ["Cairn:Webhooks:PollInterval"] = "00:10:00",
        });
        _app.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AnEventIsDeliveredAsSoonAsItIsPublished()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var (_, secret) = await _app.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);

        var sessionId = await _app.OpenSessionAsync(key, "Delivered by the in-app dispatcher");
        var received = await _receiver.NextAsync();

        Assert.True(received.SignedWith(secret));
        Assert.Equal($"sessions/{sessionId}", (string?)received.Json["subject"]);
    }
}
