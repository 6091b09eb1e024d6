using System.Net;
using System.Net.WebSockets;
using Cairn.Pulse;
using Cairn.Pulse.Local;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Pulse;

// Issue 16 point 6: a rotated or deleted agent's sockets close on every instance, tokens from before a rotation are
// refused, and one agent holds at most MaxConnectionsPerAgent sockets. Two app instances share one document store.
public sealed class PulseAccessTests(AppFixture fixture)
{
    [Fact]
    public async Task RotatingTheKeyClosesTheAgentsSocketsOnTheInstanceThatRotatedAtOnce()
    {
        // The fake clock never moves here, so no periodic key check can be what closes the socket.
        await using var app = new CairnApp(fixture.Database, clock: new FakeClock(DateTimeOffset.UtcNow));
        app.StartServer();
        var (_, key, _) = await app.RegisterAsync();
        var (socket, _) = await PulseSocket.ConnectedAsync(app, key);
        await using var _ = socket;

        await (await app.Client(key).PostJsonAsync("/api/v1/agents/me/rotate-key", new { })).JsonAsync(HttpStatusCode.OK);

        await AssertClosedAsync(socket, LocalPulseKeyWatch.RotatedReason);
    }

    [Fact]
    public async Task RotatingTheKeyOnOneInstanceClosesTheSocketsOnAnotherWithinOneKeyCheck()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var other = new CairnApp(fixture.Database, clock: clock);
        other.StartServer();
        var (_, key, _) = await fixture.App.RegisterAsync();
        var (socket, _) = await PulseSocket.ConnectedAsync(other, key);
        await using var _ = socket;

        await (await fixture.App.Client(key).PostJsonAsync("/api/v1/agents/me/rotate-key", new { })).JsonAsync(HttpStatusCode.OK);
        await AdvanceOneKeyCheckAsync(other, clock);

        await AssertClosedAsync(socket, LocalPulseKeyWatch.RotatedReason);
    }

    [Fact]
    public async Task ADeletedAgentsSocketsCloseWithinOneKeyCheck()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        await using var app = new CairnApp(fixture.Database, clock: clock);
        app.StartServer();
        var (id, key, _) = await app.RegisterAsync();
        var (socket, _) = await PulseSocket.ConnectedAsync(app, key);
        await using var _ = socket;

        await app.Services.GetRequiredService<IDocumentStore>().DeleteAsync(Containers.Agents, id, id, null, CancellationToken.None);
        await AdvanceOneKeyCheckAsync(app, clock);

        await AssertClosedAsync(socket, LocalPulseKeyWatch.DeletedReason);
    }

    [Fact]
    public async Task ATokenNegotiatedBeforeARotationIsRefusedWith401()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var negotiated = await (await fixture.App.Client(key).GetAsync("/api/v1/pulse/negotiate")).JsonAsync(HttpStatusCode.OK);
        await (await fixture.App.Client(key).PostJsonAsync("/api/v1/agents/me/rotate-key", new { })).JsonAsync(HttpStatusCode.OK);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(negotiated.Str("url")), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task AnAgentBeyondItsSocketCapIsClosedWithAReasonAndItsOtherSocketsStayOpen()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Pulse:MaxConnectionsPerAgent"] = "2" });
        app.StartServer();
        var (_, key, _) = await app.RegisterAsync();
        var (first, _) = await PulseSocket.ConnectedAsync(app, key);
        var (second, _) = await PulseSocket.ConnectedAsync(app, key);
        await using var a = first;
        await using var b = second;

        var (third, _) = await PulseSocket.ConnectedAsync(app, key);
        await using var c = third;

        await AssertClosedAsync(third, "Too many connections: at most 2 per agent; close one first.");
        await first.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (string?)(await first.ReceiveAsync())["type"]);
    }

    private static async Task AdvanceOneKeyCheckAsync(CairnApp app, FakeClock clock)
    {
        var watch = app.Services.GetRequiredService<LocalPulseKeyWatch>();
        var interval = app.Services.GetRequiredService<IOptions<PulseOptions>>().Value.KeyCheckInterval;
        var checkedOnce = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        watch.Checked += closed => checkedOnce.TrySetResult(closed);
        // The watch's own timer, not just any on the clock: since .NET 10 a background service arms it on the thread
        // pool, after start-up, so another timer on this clock could be armed first.
        await clock.NextTimerAsync(period: interval);
        clock.Advance(interval);
        Assert.Equal(1, await checkedOnce.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    // A subprotocol client first gets a disconnected frame with the reason, then a 1008 close (not to be resumed).
    private static async Task AssertClosedAsync(PulseSocket socket, string reason)
    {
        var frame = await socket.ReceiveAsync();
        Assert.Equal("disconnected", (string?)frame["event"]);
        Assert.Equal(reason, (string?)frame["message"]);
        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.Socket.CloseStatus);
        Assert.Equal(reason, socket.Socket.CloseStatusDescription);
    }
}
