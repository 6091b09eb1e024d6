using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// Sessions have Plurum's 8-character short_id, and every session route takes it as well as the UUID.
public sealed class SessionShortIdTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task EverySessionRouteAcceptsTheShortId()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var opened = await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Rotate TLS certificates on the ingress", visibility = "private" })).JsonAsync(HttpStatusCode.Created);
        var id = opened["session"].Str("id");
        var shortId = opened["session"].Str("short_id");

        Assert.Matches("^[23456789abcdefghjkmnpqrstuvwxyz]{8}$", shortId);
        Assert.Equal(id, (await (await client.GetAsync($"/api/v1/sessions/{shortId}")).JsonAsync(HttpStatusCode.OK)).Str("id"));
        await (await client.PatchAsync($"/api/v1/sessions/{shortId}", JsonContent.Create(new { domain = "infrastructure" }))).JsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync($"/api/v1/sessions/{shortId}/entries", new { entry_type = "note", content = new { text = "cert-manager renews at 2/3 of lifetime" } })).JsonAsync(HttpStatusCode.Created);
        await (await client.GetAsync($"/api/v1/sessions/{shortId}/contributions")).JsonAsync(HttpStatusCode.OK);
        var closed = await (await client.PostJsonAsync($"/api/v1/sessions/{shortId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(shortId, closed["session"].Str("short_id"));
        Assert.Equal("infrastructure", closed["session"].Str("domain"));
        Assert.Equal(1, (int)closed["session"]!["entry_count"]!);
        var listed = await (await client.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(shortId, listed["sessions"]![0].Str("short_id"));
    }

    [Fact]
    public async Task AnotherAgentsPrivateSessionIsNotFoundByShortIdAndNeitherIsAnUnknownOne()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        var opened = await (await _app.Client(ownerKey).PostJsonAsync("/api/v1/sessions", new { topic = "Private work on billing" })).JsonAsync(HttpStatusCode.Created);
        var shortId = opened["session"].Str("short_id");
        var other = _app.Client(otherKey);

        await (await other.GetAsync($"/api/v1/sessions/{shortId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.PostJsonAsync($"/api/v1/sessions/{shortId}/contribute", new { contribution_type = "warning", content = new { text = "hi" } }))
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync("/api/v1/sessions/zzzzzzzz")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync("/api/v1/sessions/not-an-id")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
