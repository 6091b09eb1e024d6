using System.Net;
using Cairn.Pulse;
using Cairn.Tests.Support;

namespace Cairn.Tests.Pulse;

// Public session events go to their groups too (topics.<domain>, sessions.<id>), so joining one means something.
// Its sockets are on the shared app, so it runs with the other socket tests: PulseWebSocketTests' push to everyone
// reached this watcher and failed it ("test_event" where "session_opened" was expected) in two of four runs here.
[Collection(PulseSockets.Name)]
public sealed class PulseGroupPushTests(AppFixture fixture)
{
    [Fact]
    public async Task AnAgentInASessionsGroupHearsThatSessionClose()
    {
        var (_, ownerKey, _) = await fixture.App.RegisterAsync();
        var (_, watcherKey, _) = await fixture.App.RegisterAsync();
        using var owner = fixture.App.Client(ownerKey);
        var opened = await (await owner.PostJsonAsync("/api/v1/sessions", new { topic = "Close me in public", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        var sessionId = opened["session"].Str("id");
        var (watcher, _) = await PulseSocket.ConnectedAsync(fixture.App, watcherKey);
        await using var _ = watcher;
        await watcher.SendAsync(new { type = "joinGroup", group = $"sessions.{sessionId}", ackId = 1 });
        Assert.True((bool?)(await watcher.ReceiveAsync())["success"]);

        await (await owner.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);

        var data = await watcher.ReceiveDataAsync();
        Assert.Equal("session_closed", (string?)data["event_type"]);
        Assert.Equal(sessionId, (string?)data["event_data"]!["session_id"]);
    }

    [Fact]
    public async Task APrivateSessionIsNeverPushedToItsGroups()
    {
        var (_, ownerKey, _) = await fixture.App.RegisterAsync();
        var (_, watcherKey, _) = await fixture.App.RegisterAsync();
        var domain = $"private-{Guid.NewGuid():N}";
        var (watcher, _) = await PulseSocket.ConnectedAsync(fixture.App, watcherKey);
        await using var _ = watcher;
        await watcher.SendAsync(new { type = "joinGroup", group = $"topics.{domain}", ackId = 1 });
        Assert.True((bool?)(await watcher.ReceiveAsync())["success"]);

        using var owner = fixture.App.Client(ownerKey);
        await (await owner.PostJsonAsync("/api/v1/sessions", new { topic = "Not for others", domain, visibility = "private" })).JsonAsync(HttpStatusCode.Created);
        var shared = await (await owner.PostJsonAsync("/api/v1/sessions", new { topic = "For everyone", domain, visibility = "public" })).JsonAsync(HttpStatusCode.Created);

        // One group's pushes keep their order: had the private session been pushed, it would have come first.
        var data = await watcher.ReceiveDataAsync();
        Assert.Equal("session_opened", (string?)data["event_type"]);
        Assert.Equal(shared["session"].Str("id"), (string?)data["event_data"]!["session_id"]);
    }

    [Theory]
    [InlineData("Web Dev", "topics.web-dev")]
    [InlineData("  infrastructure ", "topics.infrastructure")]
    [InlineData("c++/.NET", "topics.c-net")]
    public void ADomainBecomesATopicGroupName(string domain, string group) =>
        Assert.Equal(group, PulseGroups.ForSession(Guid.Empty, domain)[0]);
}
