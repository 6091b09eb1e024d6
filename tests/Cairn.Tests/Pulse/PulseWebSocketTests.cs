using System.Net;
using Cairn.Pulse;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Pulse;

[Collection(PulseSockets.Name)]
public sealed class PulseWebSocketTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task AClientWithTheSubprotocolGetsConnectedThenThePushedMessageInAMessageFrame()
    {
        var (id, key, _) = await _app.RegisterAsync();
        await using var socket = await PulseSocket.ConnectAsync(_app, key);
        Assert.Equal(PulseSocket.Subprotocol, socket.Socket.SubProtocol);

        var connected = await socket.ReceiveAsync();
        var pushed = await _app.PushToAgentAsync(id, Pushes.Message("contribution_received", new { session_id = "s-1", text = "Watch the WAL" }));
        var frame = await socket.ReceiveAsync();

        Assert.Equal("system", (string?)connected["type"]);
        Assert.Equal("connected", (string?)connected["event"]);
        Assert.Equal(id, (string?)connected["userId"]);
        Assert.False(string.IsNullOrEmpty((string?)connected["connectionId"]));
        Assert.Equal("message", (string?)frame["type"]);
        Assert.Equal("server", (string?)frame["from"]);
        Assert.Equal("json", (string?)frame["dataType"]);
        var data = frame["data"]!;
        Assert.Equal(pushed.Id.ToString(), (string?)data["id"]);
        Assert.Equal("contribution_received", (string?)data["event_type"]);
        Assert.Equal("Watch the WAL", (string?)data["event_data"]!["text"]);
        Assert.NotNull(data["created_at"]);
    }

    [Fact]
    public async Task AnAuthorizationHeaderConnectsAsWellAsTheTokenQuery()
    {
        var (id, key, _) = await _app.RegisterAsync();

        await using var socket = await PulseSocket.ConnectAsync(PulseSocket.WebSocketUri(_app, "/api/v1/pulse/ws"),
            configure: options => options.SetRequestHeader("Authorization", $"Bearer {key}"));

        Assert.Equal(id, (string?)(await socket.ReceiveAsync())["userId"]);
    }

    [Fact]
    public async Task ASimpleClientWithoutTheSubprotocolGetsTheBareEventAsOnWebPubsub()
    {
        var (id, key, _) = await _app.RegisterAsync();
        await using var socket = await PulseSocket.ConnectAsync(_app, key, subprotocol: null);
        // A simple client gets no 'connected' frame to wait for, and the hub adds the socket just after the 101.
        var hub = _app.Services.GetRequiredService<Cairn.Pulse.Local.LocalPulseHub>();
        using var registered = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!hub.ConnectedAgents().Any(a => a.AgentId == Guid.Parse(id)))
        {
            await Task.Yield();
            registered.Token.ThrowIfCancellationRequested();
        }

        var pushed = await _app.PushToAgentAsync(id);
        var data = await socket.ReceiveAsync();

        Assert.Null(socket.Socket.SubProtocol);
        Assert.Equal(pushed.Id.ToString(), (string?)data["id"]);
        Assert.Equal("test_event", (string?)data["event_type"]);
    }

    [Fact]
    public async Task NegotiateReturnsALocalUrlThatConnectsAndJoinsTheRequestedGroups()
    {
        var (id, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        var topic = PulseGroups.Topic($"t{Guid.NewGuid():N}");

        var negotiated = await (await client.GetAsync($"/api/v1/pulse/negotiate?group={topic}")).JsonAsync(HttpStatusCode.OK);
        var url = negotiated.Str("url");
        await using var socket = await PulseSocket.ConnectAsync(new Uri(url));
        var connected = await socket.ReceiveAsync();
        var pushed = await _app.PushAsync(PulseTarget.Group(topic));

        Assert.StartsWith("ws://", url);
        Assert.Equal($"{negotiated.Str("base_url")}?access_token={Uri.EscapeDataString(negotiated.Str("token"))}", url);
        Assert.EndsWith("/api/v1/pulse/ws", negotiated.Str("base_url"));
        Assert.Equal(id, (string?)connected["userId"]);
        Assert.Equal(pushed.Id.ToString(), (string?)(await socket.ReceiveDataAsync())["id"]);
    }

    [Fact]
    public async Task AgentsDoNotReceiveEachOthersPrivateMessages()
    {
        var alice = await _app.RegisterAsync();
        var bob = await _app.RegisterAsync();
        var (aliceSocket, _) = await PulseSocket.ConnectedAsync(_app, alice.Key);
        var (bobSocket, _) = await PulseSocket.ConnectedAsync(_app, bob.Key);
        await using var a = aliceSocket;
        await using var b = bobSocket;

        // Bob's push has been queued on every connection it is for before Alice's marker is sent: if Alice had been
        // one of them, it would reach her first.
        var forBob = await _app.PushToAgentAsync(bob.Id);
        var marker = await _app.PushToAgentAsync(alice.Id);

        Assert.Equal(marker.Id.ToString(), (string?)(await a.ReceiveDataAsync())["id"]);
        Assert.Equal(forBob.Id.ToString(), (string?)(await b.ReceiveDataAsync())["id"]);
    }

    [Fact]
    public async Task EveryConnectionOfAnAgentReceivesItsMessages()
    {
        var (id, key, _) = await _app.RegisterAsync();
        var (first, _) = await PulseSocket.ConnectedAsync(_app, key);
        var (second, _) = await PulseSocket.ConnectedAsync(_app, key);
        await using var one = first;
        await using var two = second;

        var pushed = await _app.PushToAgentAsync(id);

        Assert.Equal(pushed.Id.ToString(), (string?)(await one.ReceiveDataAsync())["id"]);
        Assert.Equal(pushed.Id.ToString(), (string?)(await two.ReceiveDataAsync())["id"]);
    }

    [Fact]
    public async Task ABurstOf100PushesToOneAgentArrivesInOrder()
    {
        var (id, key, _) = await _app.RegisterAsync();
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, key);
        await using var s = socket;
        var dispatcher = _app.Services.GetRequiredService<PulseDispatcher>();

        var outcomes = Enumerable.Range(0, 100)
            .Select(n => dispatcher.Enqueue(PulseTarget.Agent(Guid.Parse(id)), Pushes.Message("burst", new { n })))
            .ToList();
        var received = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            received.Add((int)(await s.ReceiveDataAsync())["event_data"]!["n"]!);
        }

        Assert.All(await Task.WhenAll(outcomes), outcome => Assert.Equal(PulseOutcome.Sent, outcome));
        Assert.Equal(Enumerable.Range(0, 100), received);
    }

    [Fact]
    public async Task APushToEveryoneReachesEveryAgent()
    {
        var alice = await _app.RegisterAsync();
        var bob = await _app.RegisterAsync();
        var (aliceSocket, _) = await PulseSocket.ConnectedAsync(_app, alice.Key);
        var (bobSocket, _) = await PulseSocket.ConnectedAsync(_app, bob.Key);
        await using var a = aliceSocket;
        await using var b = bobSocket;

        var pushed = await _app.PushAsync(PulseTarget.All);

        Assert.Equal(pushed.Id.ToString(), (string?)(await a.ReceiveDataAsync())["id"]);
        Assert.Equal(pushed.Id.ToString(), (string?)(await b.ReceiveDataAsync())["id"]);
    }
}
