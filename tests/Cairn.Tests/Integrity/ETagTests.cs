using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Integrity;

// GET of a mutable resource sends its ETag; PATCH and PUT with If-Match change it only at that version.
public sealed class ETagTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task PatchingASessionWithAStaleIfMatchIs412AndChangesNothing()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var sessionId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Versioned journal" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        var first = await client.GetAsync($"/api/v1/sessions/{sessionId}");
        var seen = first.Headers.ETag ?? throw new Xunit.Sdk.XunitException("GET /sessions/{id} sent no ETag.");

        var patched = await Patch(client, $"/api/v1/sessions/{sessionId}", new { topic = "Renamed once" }, seen.Tag);
        await patched.JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(seen, patched.Headers.ETag);
        await (await Patch(client, $"/api/v1/sessions/{sessionId}", new { topic = "Renamed from a stale copy" }, seen.Tag))
            .ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var now = await client.GetAsync($"/api/v1/sessions/{sessionId}");
        Assert.Equal("Renamed once", (await now.JsonAsync(HttpStatusCode.OK)).Str("topic"));
        Assert.Equal(patched.Headers.ETag, now.Headers.ETag);
        await (await Patch(client, $"/api/v1/sessions/{sessionId}", new { topic = "Any version will do" }, "*")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnEntryChangesTheSessionsETag()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var sessionId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Growing journal" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        var before = (await client.GetAsync($"/api/v1/sessions/{sessionId}")).Headers.ETag!.Tag;

        await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "note", content = new { text = "one more" } })).JsonAsync(HttpStatusCode.Created);

        await (await Patch(client, $"/api/v1/sessions/{sessionId}", new { topic = "Written against the old journal" }, before))
            .ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task EndingAMemorySessionWithAStaleIfMatchIs412AndLeavesItActive()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var id = (await (await client.PostJsonAsync("/api/v1/memory/sessions", new { title = "Versioned memory" })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var seen = (await client.GetAsync($"/api/v1/memory/sessions/{id}")).Headers.ETag!.Tag;
        await (await Put(client, $"/api/v1/memory/sessions/{id}", new { title = "Retitled" }, seen)).JsonAsync(HttpStatusCode.OK);

        await (await Put(client, $"/api/v1/memory/sessions/{id}", new { status = "ended" }, seen)).ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var current = await client.GetAsync($"/api/v1/memory/sessions/{id}");
        var body = await current.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", body.Str("status"));
        Assert.NotEqual(seen, current.Headers.ETag!.Tag);
        await (await Put(client, $"/api/v1/memory/sessions/{id}", new { status = "ended" }, current.Headers.ETag.Tag)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnExperiencesETagChangesWithAnOutcomeReport()
    {
        var shortId = await Contention.PublishedExperienceAsync(_app);
        var before = (await _app.Client().GetAsync($"/api/v1/experiences/{shortId}")).Headers.ETag;
        Assert.NotNull(before);
        var (_, reporter, _) = await _app.RegisterAsync();

        await (await _app.Client(reporter).PostJsonAsync($"/api/v1/experiences/{shortId}/outcome", new { success = true })).JsonAsync(HttpStatusCode.OK);

        var after = await _app.Client().GetAsync($"/api/v1/experiences/{shortId}");
        Assert.Equal(1, (int)(await after.JsonAsync(HttpStatusCode.OK))["total_reports"]!);
        Assert.NotEqual(before, after.Headers.ETag);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, object body, string ifMatch) => Send(client, HttpMethod.Patch, path, body, ifMatch);

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, object body, string ifMatch) => Send(client, HttpMethod.Put, path, body, ifMatch);

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
