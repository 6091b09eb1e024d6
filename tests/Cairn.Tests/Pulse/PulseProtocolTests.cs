using System.Net.WebSockets;
using Cairn.Pulse;
using Cairn.Tests.Support;

namespace Cairn.Tests.Pulse;

// The client requests of json.webpubsub.azure.v1, answered as the service answers them.
[Collection(PulseSockets.Name)]
public sealed class PulseProtocolTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task PingIsAnsweredWithPong()
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendAsync(new { type = "ping" });

        Assert.Equal("pong", (string?)(await s.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task JoiningATopicIsAckedAndBringsItsPushesUntilTheGroupIsLeft()
    {
        var (id, key, _) = await _app.RegisterAsync();
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, key);
        await using var s = socket;
        var topic = PulseGroups.Topic($"t{Guid.NewGuid():N}");

        await s.SendAsync(new { type = "joinGroup", group = topic, ackId = 1 });
        var joined = await s.ReceiveAsync();
        var inGroup = await _app.PushAsync(PulseTarget.Group(topic));
        var received = await s.ReceiveDataAsync();
        await s.SendAsync(new { type = "leaveGroup", group = topic, ackId = 2 });
        var left = await s.ReceiveAsync();
        await _app.PushAsync(PulseTarget.Group(topic));
        var marker = await _app.PushToAgentAsync(id);

        Assert.Equal("""{"type":"ack","ackId":1,"success":true}""", joined.ToJsonString());
        Assert.Equal(inGroup.Id.ToString(), (string?)received["id"]);
        Assert.Equal("""{"type":"ack","ackId":2,"success":true}""", left.ToJsonString());
        Assert.Equal(marker.Id.ToString(), (string?)(await s.ReceiveDataAsync())["id"]);
    }

    [Theory]
    [InlineData("agents.someone-else")]
    [InlineData("topics.")]
    [InlineData("topics.a.b")]
    [InlineData("everyone")]
    public async Task JoiningAGroupOutsideThePublicOnesIsForbidden(string group)
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendAsync(new { type = "joinGroup", group, ackId = 7 });
        var ack = await s.ReceiveAsync();

        Assert.Equal(7, (int?)ack["ackId"]);
        Assert.False((bool?)ack["success"]);
        Assert.Equal("Forbidden", (string?)ack["error"]!["name"]);
        Assert.Contains("topics.", (string?)ack["error"]!["message"]);
    }

    [Fact]
    public async Task PublishingFromAClientIsForbiddenBecauseSharedKnowledgeGoesThroughTheApi()
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendAsync(new { type = "sendToGroup", group = "topics.deployment", ackId = 3, dataType = "json", data = new { hello = "world" } });
        var ack = await s.ReceiveAsync();

        Assert.False((bool?)ack["success"]);
        Assert.Equal("Forbidden", (string?)ack["error"]!["name"]);
        Assert.Contains("REST API", (string?)ack["error"]!["message"]);
    }

    [Fact]
    public async Task ARepeatedAckIdIsAnsweredAsADuplicate()
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendAsync(new { type = "joinGroup", group = "topics.retries", ackId = 5 });
        var first = await s.ReceiveAsync();
        await s.SendAsync(new { type = "joinGroup", group = "topics.retries", ackId = 5 });
        var second = await s.ReceiveAsync();

        Assert.True((bool?)first["success"]);
        Assert.False((bool?)second["success"]);
        Assert.Equal("Duplicate", (string?)second["error"]!["name"]);
    }

    [Fact]
    public async Task RequestsWithoutAnAckIdGetNoAck()
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendAsync(new { type = "joinGroup", group = "topics.quiet" });
        await s.SendAsync(new { type = "event", @event = "hello", dataType = "json", data = new { } });
        await s.SendAsync(new { type = "ping" });

        Assert.Equal("pong", (string?)(await s.ReceiveAsync())["type"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"group":"topics.x"}""")]
    [InlineData("""{"type":"joinGroup"}""")]
    [InlineData("""{"type":"joinGroup","group":"topics.x","ackId":-1}""")]
    [InlineData("""{"type":"teleport"}""")]
    public async Task AFrameOutsideTheProtocolGetsTheClientDisconnectedWithTheReason(string frame)
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendTextAsync(frame);
        var disconnected = await s.ReceiveAsync();
        var end = await s.ReceiveTextAsync();

        Assert.Equal("system", (string?)disconnected["type"]);
        Assert.Equal("disconnected", (string?)disconnected["event"]);
        Assert.False(string.IsNullOrEmpty((string?)disconnected["message"]));
        Assert.Null(end);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, s.Socket.CloseStatus);
    }

    // Which of two values a reader takes is a guess (System.Text.Json's last one, another reader's first): a frame that
    // names a field twice, at any depth, is refused like a request body that does, before anything is acted on.
    [Theory]
    [InlineData("""{"type":"joinGroup","group":"topics.first","group":"topics.second","ackId":1}""")]
    [InlineData("""{"type":"ping","type":"joinGroup","group":"topics.twice","ackId":2}""")]
    [InlineData("""{"type":"joinGroup","group":"topics.acked","ackId":3,"ackId":4}""")]
    [InlineData("""{"type":"event","event":"hello","dataType":"json","data":{"a":1,"a":2},"ackId":5}""")]
    public async Task AFrameThatNamesAFieldTwiceGetsTheClientDisconnectedWithoutActingOnIt(string frame)
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;

        await s.SendTextAsync(frame);
        var first = await s.ReceiveAsync();
        var end = await s.ReceiveTextAsync();

        Assert.Equal("system", (string?)first["type"]);
        Assert.Equal("disconnected", (string?)first["event"]);
        Assert.Contains("json.webpubsub.azure.v1", (string?)first["message"]);
        Assert.Null(end);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, s.Socket.CloseStatus);
    }

    [Fact]
    public async Task AConnectionMayBeInAHundredGroupsAndJoinsMoreOnlyAfterLeavingOne()
    {
        var (socket, _) = await PulseSocket.ConnectedAsync(_app, (await _app.RegisterAsync()).Key);
        await using var s = socket;
        var prefix = $"topics.cap{Guid.NewGuid():N}";
        for (var i = 1; i <= 100; i++)
        {
            await s.SendAsync(new { type = "joinGroup", group = $"{prefix}-{i}", ackId = i });
            Assert.True((bool?)(await s.ReceiveAsync())["success"], $"join {i}");
        }

        await s.SendAsync(new { type = "joinGroup", group = $"{prefix}-101", ackId = 101 });
        var refused = await s.ReceiveAsync();
        await s.SendAsync(new { type = "joinGroup", group = $"{prefix}-100", ackId = 102 });
        var again = await s.ReceiveAsync();
        await s.SendAsync(new { type = "leaveGroup", group = $"{prefix}-1", ackId = 103 });
        var left = await s.ReceiveAsync();
        await s.SendAsync(new { type = "joinGroup", group = $"{prefix}-101", ackId = 104 });
        var joined = await s.ReceiveAsync();

        Assert.False((bool?)refused["success"]);
        Assert.Equal("Forbidden", (string?)refused["error"]!["name"]);
        Assert.Contains("at most 100 groups", (string?)refused["error"]!["message"]);
        Assert.True((bool?)again["success"]);
        Assert.True((bool?)left["success"]);
        Assert.True((bool?)joined["success"]);
    }
}
