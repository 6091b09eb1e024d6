using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Inbox;

public sealed class InboxFanOutTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task APublicSessionReachesEveryAgentRelatedByDomainOrToolOnce()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var (domain, tool, otherTool) = ($"domain-{run}", $"tool-{run}", $"other-{run}");
        // More related agents than the inbox writes at once; one is related both ways, one not at all.
        var byDomain = await WatchersAsync(6, domain, [otherTool]);
        var byTool = await WatchersAsync(6, null, [tool]);
        var byBoth = await WatchersAsync(1, domain, [tool]);
        var unrelated = await WatchersAsync(1, $"elsewhere-{run}", [otherTool]);
        var (_, workerKey, _) = await _app.RegisterAsync();

        var opened = await (await _app.Client(workerKey).PostJsonAsync("/api/v1/sessions", new { topic = "Shared work", domain, tools_used = new[] { tool }, visibility = "public" }))
            .JsonAsync(HttpStatusCode.Created);

        var sessionId = opened["session"]!.Str("id");
        foreach (var key in byDomain.Concat(byTool).Concat(byBoth))
        {
            var events = await EventsAboutAsync(key, sessionId);
            Assert.Equal(["session_opened"], events);
        }
        Assert.Empty(await EventsAboutAsync(unrelated[0], sessionId));
    }

    private async Task<List<string>> WatchersAsync(int count, string? domain, string[] tools)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (_, key, _) = await _app.RegisterAsync();
            await (await _app.Client(key).PostJsonAsync("/api/v1/sessions", new { topic = "Earlier work", domain, tools_used = tools })).JsonAsync(HttpStatusCode.Created);
            keys.Add(key);
        }
        return keys;
    }

    private async Task<List<string>> EventsAboutAsync(string key, string sessionId) =>
        (await (await _app.Client(key).GetAsync("/api/v1/pulse/inbox")).JsonAsync(HttpStatusCode.OK))["events"]!.AsArray()
            .Where(e => e!["event_data"]!.Str("session_id") == sessionId).Select(e => e.Str("event_type")).ToList();
}
