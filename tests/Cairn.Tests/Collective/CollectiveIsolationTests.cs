using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

// A private session and its experience never reach another agent, by any endpoint.
public sealed class CollectiveIsolationTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task APrivateSessionAndItsExperienceAreInvisibleToEveryoneElse()
    {
        var (_, ownerKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        var owner = _app.Client(ownerKey);
        var stranger = _app.Client(strangerKey);
        var anonymous = _app.Client();
        var marker = $"secretproject{Guid.NewGuid():N}"[..24];
        var topic = $"Migrate billing ledger {marker}";

        var sessionId = (await (await owner.PostJsonAsync("/api/v1/sessions", new { topic, domain = "finance", visibility = "private" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        await (await owner.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "breakthrough", content = new { insight = $"ledger trick {marker}" } })).JsonAsync(HttpStatusCode.Created);

        // While open: the session is nowhere for the stranger.
        await (await stranger.GetAsync($"/api/v1/sessions/{sessionId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostJsonAsync($"/api/v1/sessions/{sessionId}/contribute", new { content = new { text = "hi" }, contribution_type = "suggestion" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/api/v1/sessions/{sessionId}/contributions")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "note", content = new { text = "x" } })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostAsync($"/api/v1/sessions/{sessionId}/abandon", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var strangerOpens = await (await stranger.PostJsonAsync("/api/v1/sessions", new { topic, domain = "finance", visibility = "public" })).JsonAsync(HttpStatusCode.Created);
        Assert.DoesNotContain(strangerOpens["active_sessions"]!.AsArray(), s => s.Str("id") == sessionId);
        var strangerList = await (await stranger.GetAsync("/api/v1/sessions")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(strangerList["sessions"]!.AsArray(), s => s.Str("id") == sessionId);

        var experience = (await (await owner.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK))["experience"]!;
        Assert.Equal("private", experience.Str("visibility"));
        var ids = new[] { experience.Str("id"), experience.Str("short_id") };

        foreach (var client in new[] { stranger, anonymous })
        {
            foreach (var id in ids)
            {
                await (await client.GetAsync($"/api/v1/experiences/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
                await (await client.GetAsync($"/api/v1/experiences/{id}/similar")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            }
            var search = await (await client.PostJsonAsync("/api/v1/experiences/search", new { query = topic })).JsonAsync(HttpStatusCode.OK);
            Assert.DoesNotContain(search["results"]!.AsArray(), r => r.Str("id") == ids[0]);
            var list = await (await client.GetAsync("/api/v1/experiences?limit=100")).JsonAsync(HttpStatusCode.OK);
            Assert.DoesNotContain(list["experiences"]!.AsArray(), r => r.Str("id") == ids[0]);
        }
        foreach (var id in ids)
        {
            await (await stranger.PostJsonAsync($"/api/v1/experiences/{id}/acquire", new { mode = "full" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await stranger.PostJsonAsync($"/api/v1/experiences/{id}/outcome", new { success = true })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await stranger.PostJsonAsync($"/api/v1/experiences/{id}/vote", new { vote_type = "up" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await stranger.PostAsync($"/api/v1/experiences/{id}/publish", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
        // An open session is not an experience yet.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/experiences/{strangerOpens["session"]!.Str("id")}/similar")).StatusCode);

        // The owner still sees everything.
        await (await owner.GetAsync($"/api/v1/experiences/{ids[1]}")).JsonAsync(HttpStatusCode.OK);
        var ownSearch = await (await owner.PostJsonAsync("/api/v1/experiences/search", new { query = topic })).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(ownSearch["results"]!.AsArray(), r => r.Str("id") == ids[0]);
    }

    [Fact]
    public async Task DraftsAreVisibleToTheirAuthorOnly()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var (_, strangerKey, _) = await _app.RegisterAsync();
        var shortId = (await (await _app.Client(authorKey).PostJsonAsync("/api/v1/experiences", new { goal = "Unfinished draft" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");

        await (await _app.Client(strangerKey).GetAsync($"/api/v1/experiences/{shortId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _app.Client().GetAsync("/api/v1/experiences?status=draft")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var mine = await (await _app.Client(authorKey).GetAsync("/api/v1/experiences?status=draft")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(mine["experiences"]!.AsArray(), e => e.Str("short_id") == shortId);
        var theirs = await (await _app.Client(strangerKey).GetAsync("/api/v1/experiences?status=draft")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(theirs["experiences"]!.AsArray(), e => e.Str("short_id") == shortId);
    }
}
