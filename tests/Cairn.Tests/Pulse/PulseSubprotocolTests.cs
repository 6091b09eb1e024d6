using System.Net;
using System.Net.WebSockets;
using Cairn.Tests.Support;

namespace Cairn.Tests.Pulse;

// Subprotocol negotiation and the json.reliable.webpubsub.azure.v1 subset the real client's default path uses.
[Collection(PulseSockets.Name)]
public sealed class PulseSubprotocolTests(AppFixture fixture)
{
    private const string Reliable = "json.reliable.webpubsub.azure.v1";

    [Fact]
    public async Task OfferingTheReliableSubprotocolGetsItAndAReconnectionToken()
    {
        var (id, key, _) = await fixture.App.RegisterAsync();
        await using var socket = await PulseSocket.ConnectAsync(fixture.App, key, Reliable);

        var connected = await socket.ReceiveAsync();

        Assert.Equal(Reliable, socket.Socket.SubProtocol);
        Assert.Equal("connected", (string?)connected["event"]);
        Assert.Equal(id, (string?)connected["userId"]);
        Assert.False(string.IsNullOrEmpty((string?)connected["reconnectionToken"]));
    }

    [Fact]
    public async Task TheServerPicksTheFirstOfferedSubprotocolItSpeaks()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var uri = PulseSocket.WebSocketUri(fixture.App, $"/api/v1/pulse/ws?token={key}");

        await using var socket = await PulseSocket.ConnectAsync(uri, "chat.v2", o => o.AddSubProtocol(PulseSocket.Subprotocol));
        var connected = await socket.ReceiveAsync();

        Assert.Equal(PulseSocket.Subprotocol, socket.Socket.SubProtocol);
        Assert.Null(connected["reconnectionToken"]);
    }

    [Fact]
    public async Task OfferingOnlyUnknownSubprotocolsIsRefusedBeforeTheUpgradeWithAProblem()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client(key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/pulse/ws");
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        request.Headers.Add("Sec-WebSocket-Protocol", "protobuf.webpubsub.azure.v1, chat.v2");

        var response = await client.SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "unsupported_subprotocol");
        Assert.Contains("json.reliable.webpubsub.azure.v1", problem.Str("detail"));
    }

    [Fact]
    public async Task ReliablePushesCarryIncreasingSequenceIdsAndAcceptSequenceAcks()
    {
        var (id, key, _) = await fixture.App.RegisterAsync();
        await using var socket = await PulseSocket.ConnectAsync(fixture.App, key, Reliable);
        await socket.ReceiveAsync();

        await fixture.App.PushToAgentAsync(id);
        var first = await socket.ReceiveAsync();
        await fixture.App.PushToAgentAsync(id);
        var second = await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "sequenceAck", sequenceId = 2 });
        await socket.SendAsync(new { type = "ping" });

        Assert.Equal(1UL, (ulong?)first["sequenceId"]);
        Assert.Equal(2UL, (ulong?)second["sequenceId"]);
        Assert.Equal("pong", (string?)(await socket.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task ASequenceAckForAMessageNeverSentDeclinesTheConnection()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        await using var socket = await PulseSocket.ConnectAsync(fixture.App, key, Reliable);
        await socket.ReceiveAsync();

        await socket.SendAsync(new { type = "sequenceAck", sequenceId = 7 });

        Assert.Equal("disconnected", (string?)(await socket.ReceiveAsync())["event"]);
        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.Socket.CloseStatus);
    }

    [Fact]
    public async Task AResumeAttemptIsClosedWith1008SoTheClientConnectsAfresh()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var uri = PulseSocket.WebSocketUri(fixture.App, $"/api/v1/pulse/ws?token={key}&awps_connection_id=abc&awps_reconnection_token=def");
        await using var socket = await PulseSocket.ConnectAsync(uri, Reliable);

        Assert.Equal("connected", (string?)(await socket.ReceiveAsync())["event"]);
        Assert.Equal("disconnected", (string?)(await socket.ReceiveAsync())["event"]);
        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.Socket.CloseStatus);
    }
}
