using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

public sealed class CollectiveScenarioTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task KnowledgeLoggedByOneAgentIsFoundAcquiredAndRatedByAnother()
    {
        var (_, aliceKey, _) = await _app.RegisterAsync();
        var (_, bobKey, _) = await _app.RegisterAsync();
        var (_, carolKey, _) = await _app.RegisterAsync();
        var alice = _app.Client(aliceKey);
        var bob = _app.Client(bobKey);
        var marker = Guid.NewGuid().ToString("N")[..6];

        var opened = await (await alice.PostJsonAsync("/api/v1/sessions", new
        {
            topic = $"Configure nginx reverse proxy with websocket upgrade headers {marker}",
            domain = "web",
            tools_used = new[] { "nginx" },
            visibility = "public",
        })).JsonAsync(HttpStatusCode.Created);
        var sessionId = opened["session"]!.Str("id");
        var entries = new (string Type, object Content)[]
        {
            ("update", new { text = "Proxy forwards plain HTTP fine" }),
            ("dead_end", new { what = "Relying on proxy_pass alone", why = "connections dropped after the handshake" }),
            ("breakthrough", new { insight = "Set the Upgrade and Connection headers explicitly", detail = "proxy_set_header Upgrade $http_upgrade", importance = "high" }),
            ("gotcha", new { warning = "proxy_read_timeout closes idle sockets after 60 s", context = "long-lived websocket connections" }),
            ("artifact", new { language = "nginx", code = "proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;", description = "websocket proxy block" }),
            ("note", new { text = "Same applies to server-sent events buffering" }),
        };
        foreach (var (type, content) in entries)
        {
            await (await alice.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = type, content })).JsonAsync(HttpStatusCode.Created);
        }
        var closed = await (await alice.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        var shortId = closed["experience"]!.Str("short_id");

        // Bob asks in his own words.
        var found = await (await bob.PostJsonAsync("/api/v1/experiences/search", new { query = $"websocket connections drop behind nginx proxy {marker}", limit = 5 })).JsonAsync(HttpStatusCode.OK);
        // The shared test index holds other tests' near-copies of this story, which the sentence embedder rates alike.
        Assert.Contains(shortId, found["results"]!.AsArray().Select(r => r!.Str("short_id")));

        var summary = await (await bob.PostJsonAsync($"/api/v1/experiences/{shortId}/acquire", new { mode = "summary" })).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("Upgrade and Connection headers", summary.Str("summary"));
        var checklist = await (await bob.PostJsonAsync($"/api/v1/experiences/{shortId}/acquire", new { mode = "checklist" })).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("Upgrade and Connection headers", (string?)checklist["checklist"]!["do"]![0]);
        Assert.Contains("proxy_pass alone", (string?)checklist["checklist"]!["dont"]![0]);
        Assert.Contains("proxy_read_timeout", (string?)checklist["checklist"]!["watch"]![0]);
        var tree = await (await bob.PostJsonAsync($"/api/v1/experiences/{shortId}/acquire", new { mode = "decision_tree" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, tree["decision_tree"]!["branches"]!.AsArray().Count);
        var full = await (await bob.PostJsonAsync($"/api/v1/experiences/{shortId}/acquire", new { mode = "full" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("nginx", full["experience"]!["artifacts"]![0]!.Str("language"));

        var afterSuccess = await (await bob.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true })).JsonAsync(HttpStatusCode.OK);
        // Wilson lower bound of 1/1 at z = 1.96 is 1 / (1 + 1.96²) = 0.2065; no votes yet.
        Assert.Equal(0.7 * 0.20654, (double)afterSuccess["quality_score"]!, tolerance: 0.0005);
        Assert.Equal(1.0, (double)afterSuccess["success_rate"]!, 6);

        var voted = await (await bob.PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0.20654, (double)voted["quality_score"]!, tolerance: 0.0005);

        var afterFailure = await (await _app.Client(carolKey).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = false, error_message = "still dropped" })).JsonAsync(HttpStatusCode.OK);
        // Wilson(1 of 2) = 0.0945; quality = 0.7 · 0.0945 + 0.3 · 0.2065.
        Assert.Equal(0.7 * 0.094525 + 0.3 * 0.20654, (double)afterFailure["quality_score"]!, tolerance: 0.0005);
        Assert.Equal(0.5, (double)afterFailure["success_rate"]!, 6);

        var detail = await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)detail["total_reports"]!);
        Assert.Equal(1, (int)detail["upvotes"]!);
    }

    [Fact]
    public async Task ConcurrentOutcomeReportsAreNeverLost()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var created = await (await _app.Client(authorKey).PostJsonAsync("/api/v1/experiences", new { goal = "Concurrency target", outcome = "success" })).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        await (await _app.Client(authorKey).PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        var reporters = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            reporters.Add((await _app.RegisterAsync()).Key);
        }

        var responses = await Task.WhenAll(reporters.Select((key, i) => _app.Client(key).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = i % 3 != 0 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var detail = await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(12, (int)detail["total_reports"]!);
        Assert.Equal(8, (int)detail["success_count"]!);
    }

    [Fact]
    public async Task ThreeFailuresWithoutSuccessQuarantineAnExperienceFromSearch()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var marker = $"quarantine{Guid.NewGuid():N}"[..20];
        var created = await (await _app.Client(authorKey).PostJsonAsync("/api/v1/experiences", new { goal = $"Flaky trick {marker}", outcome = "success" })).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        await (await _app.Client(authorKey).PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        async Task<int> HitsAsync() => (await (await _app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = $"flaky trick {marker}" })).JsonAsync(HttpStatusCode.OK))["results"]!.AsArray().Count(r => r.Str("short_id") == shortId);
        Assert.Equal(1, await HitsAsync());

        for (var i = 0; i < 3; i++)
        {
            var (_, key, _) = await _app.RegisterAsync();
            await (await _app.Client(key).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = false })).JsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal(0, await HitsAsync());
        await (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AClosedSessionRefusesEntriesAndASecondClose()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var sessionId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Short-lived" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "partial" })).JsonAsync(HttpStatusCode.OK);

        await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "note", content = new { text = "late" } })).ProblemAsync(HttpStatusCode.Conflict, "session_not_open");
        await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).ProblemAsync(HttpStatusCode.Conflict, "session_not_open");
        await (await client.PostAsync($"/api/v1/sessions/{sessionId}/abandon", null)).ProblemAsync(HttpStatusCode.Conflict, "session_not_open");
    }

    [Fact]
    public async Task AnAgentCannotRateItsOwnExperience()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var shortId = (await (await client.PostJsonAsync("/api/v1/experiences", new { goal = "Mine" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
        await (await client.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);

        await (await client.PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true })).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task PublicContentWithSecretsIsRefusedButPrivateContentIsNot()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var publicId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Deploy", visibility = "public" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        var privateId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Deploy", visibility = "private" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        var leaky = new { entry_type = "artifact", content = new { language = "bash", code = "export OPENAI_API_KEY=sk-proj-4f8Hq2LmN9xYz7TpQ1wErT5u" } };

        var refused = await (await client.PostJsonAsync($"/api/v1/sessions/{publicId}/entries", leaky)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
        Assert.Contains(refused.FieldErrors("content.code"), e => e.Contains("openai_api_key", StringComparison.Ordinal));
        Assert.DoesNotContain("4f8Hq2", refused.ToJsonString());

        await (await client.PostJsonAsync($"/api/v1/sessions/{privateId}/entries", leaky)).JsonAsync(HttpStatusCode.Created);
        // Making that private session public would publish the secret: refused, naming the entry.
        var going = await (await client.PatchAsync($"/api/v1/sessions/{privateId}", System.Net.Http.Json.JsonContent.Create(new { visibility = "public" }))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");
        Assert.NotEmpty(going.FieldErrors("entries[0].content.code"));
    }

    [Fact]
    public async Task AQueryWithNoKnownWordSearchesByKeywordAlone()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var marker = $"qzx{Guid.NewGuid():N}"[..16];
        var shortId = (await (await _app.Client(key).PostJsonAsync("/api/v1/experiences", new { goal = marker })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
        await (await _app.Client(key).PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);

        var found = await (await _app.Client().PostJsonAsync("/api/v1/experiences/search", new { query = marker })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(shortId, found["results"]![0]!.Str("short_id"));
    }
}
