using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Memory;

// Bad input on every memory endpoint: a 4xx ProblemDetails naming the field, never a 500.
public sealed class MemoryValidationTests(AppFixture fixture)
{
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly CairnApp _app = fixture.App;

    public static TheoryData<string, string, string, string, string> BadRequests => new()
    {
        // method, path ({session} is replaced), body, problem code, field named
        { "POST", "/api/v1/memory/sessions", """{"title": 12}""", "invalid_type", "title" },
        { "POST", "/api/v1/memory/sessions", $$"""{"title": "{{new string('t', 501)}}"}""", "validation_failed", "title" },
        { "PUT", "/api/v1/memory/sessions/{session}", "{}", "validation_failed", "status" },
        { "PUT", "/api/v1/memory/sessions/{session}", """{"status": "paused"}""", "validation_failed", "status" },
        { "PUT", "/api/v1/memory/sessions/{session}", """{"summary": "done"}""", "validation_failed", "status" },
        { "PUT", "/api/v1/memory/sessions/{session}", """{"status": "ended", "outcome": "great"}""", "validation_failed", "outcome" },
        { "PUT", "/api/v1/memory/sessions/{session}", """{"status": "ended", "decisions": "ship it"}""", "invalid_type", "decisions" },
        { "PUT", "/api/v1/memory/sessions/{session}", """{"status": "ended", "decisions": [" "]}""", "validation_failed", "decisions[0]" },
        { "PUT", "/api/v1/memory/sessions/{session}", $$"""{"status": "ended", "decisions": [{{string.Join(',', Enumerable.Repeat("\"d\"", 21))}}]}""", "validation_failed", "decisions" },
        { "PUT", "/api/v1/memory/sessions/{session}", $$"""{"status": "ended", "summary": "{{new string('s', 4001)}}"}""", "validation_failed", "summary" },
        { "POST", "/api/v1/memory/observe", "{}", "validation_failed", "session_id" },
        { "POST", "/api/v1/memory/observe", "{}", "validation_failed", "content" },
        { "POST", "/api/v1/memory/observe", """{"session_id": "not-a-uuid", "content": "x"}""", "invalid_type", "session_id" },
        { "POST", "/api/v1/memory/observe", """{"session_id": "{session}", "content": 5}""", "invalid_type", "content" },
        { "POST", "/api/v1/memory/observe", """{"session_id": "{session}", "content": "   "}""", "validation_failed", "content" },
        { "POST", "/api/v1/memory/observe", $$"""{"session_id": "{session}", "content": "{{new string('c', 8001)}}"}""", "validation_failed", "content" },
        { "POST", "/api/v1/memory/observe", """{"session_id": "{session}", "content": "x", "type": "poem"}""", "validation_failed", "type" },
        { "POST", "/api/v1/memory/observe", """{"session_id": "{session}", "content": "x", "outcome": "great"}""", "validation_failed", "outcome" },
        { "POST", "/api/v1/memory/observe", $$"""{"session_id": "{session}", "content": "x", "tool_name": "{{new string('t', 65)}}"}""", "validation_failed", "tool_name" },
        { "POST", "/api/v1/memory/search", "{}", "validation_failed", "query" },
        { "POST", "/api/v1/memory/search", """{"query": "x", "layer": 4}""", "validation_failed", "layer" },
        { "POST", "/api/v1/memory/search", """{"query": "x", "layer": 0}""", "validation_failed", "layer" },
        { "POST", "/api/v1/memory/search", """{"query": "x", "layer": "one"}""", "invalid_type", "layer" },
        { "POST", "/api/v1/memory/search", """{"query": "x", "limit": 51}""", "validation_failed", "limit" },
        { "POST", "/api/v1/memory/search", """{"query": "x", "rings": ["attic"]}""", "validation_failed", "rings[0]" },
        { "POST", "/api/v1/memory/search", """{"query": "x", "detail": "everything"}""", "validation_failed", "detail" },
        { "POST", "/api/v1/memory/search", """{"ids": ["nope"]}""", "invalid_type", "ids[0]" },
        { "POST", "/api/v1/memory/search", $$"""{"ids": [{{string.Join(',', Enumerable.Range(0, 21).Select(_ => $"\"{Guid.NewGuid()}\""))}}]}""", "validation_failed", "ids" },
        { "POST", "/api/v1/memory/search", $$"""{"query": "{{new string('q', 2001)}}"}""", "validation_failed", "query" },
        { "POST", "/api/v1/memory/cbp/query", "{}", "validation_failed", "query" },
        { "POST", "/api/v1/memory/cbp/query", """{"query": "x", "limit": 21}""", "validation_failed", "limit" },
        { "POST", "/api/v1/memory/cbp/feedback", "{}", "validation_failed", "pattern_id" },
        { "POST", "/api/v1/memory/cbp/feedback", "{}", "validation_failed", "feedback" },
        { "POST", "/api/v1/memory/cbp/feedback", """{"pattern_id": "abc", "feedback": "confirm"}""", "validation_failed", "pattern_id" },
        { "POST", "/api/v1/memory/cbp/feedback", $$"""{"pattern_id": "{{Hex64}}", "feedback": "love"}""", "validation_failed", "feedback" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsRefusedNamingTheField(string method, string path, string body, string code, string field)
    {
        var (client, session) = await ArrangeAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{session}", session, StringComparison.Ordinal))
        {
            Content = new StringContent(body.Replace("{session}", session, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await client.SendAsync(request);

        var status = code == "validation_failed" ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.BadRequest;
        var problem = await response.ProblemAsync(status, code);
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Theory]
    [InlineData("GET", "/api/v1/memory/sessions/00000000-0000-0000-0000-000000000001", null)]
    [InlineData("PUT", "/api/v1/memory/sessions/00000000-0000-0000-0000-000000000001", """{"status": "ended"}""")]
    [InlineData("POST", "/api/v1/memory/observe", """{"session_id": "00000000-0000-0000-0000-000000000001", "content": "x"}""")]
    [InlineData("GET", "/api/v1/memory/00000000-0000-0000-0000-000000000001", null)]
    [InlineData("GET", "/api/v1/memory/not-a-uuid", null)]
    [InlineData("POST", "/api/v1/memory/cbp/feedback", $$"""{"pattern_id": "{{Hex64}}", "feedback": "confirm"}""")]
    public async Task UnknownIdsAreNotFound(string method, string path, string? body)
    {
        var (client, _) = await ArrangeAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        await (await client.SendAsync(request)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("POST", "/api/v1/memory/sessions")]
    [InlineData("GET", "/api/v1/memory/sessions/00000000-0000-0000-0000-000000000001")]
    [InlineData("PUT", "/api/v1/memory/sessions/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/v1/memory/observe")]
    [InlineData("POST", "/api/v1/memory/search")]
    [InlineData("GET", "/api/v1/memory/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/v1/memory/cbp/query")]
    [InlineData("POST", "/api/v1/memory/cbp/feedback")]
    public async Task EveryMemoryEndpointNeedsAKey(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

        await (await _app.Client().SendAsync(request)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task MalformedJsonIsABadRequest()
    {
        var (client, _) = await ArrangeAsync();

        await (await client.PostRawAsync("/api/v1/memory/observe", """{"content": "x",""")).ProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task ASessionStopsTakingObservationsWhenFull()
    {
        var (client, session) = await ArrangeAsync();
        // Filling a session through the API would take 500 calls; the limit is the same code path at any count.
        for (var i = 0; i < 3; i++)
        {
            await client.ObserveAsync(session, $"observation number {i} about the build cache");
        }
        var agent = await AgentOfAsync(client);
        var stored = (await _app.StoredAsync("memory_sessions", agent, session))!;
        stored["observation_count"] = 500;
        await _app.WriteStoredAsync("memory_sessions", agent, session, stored);

        await (await client.PostJsonAsync("/api/v1/memory/observe", new { session_id = session, content = "one too many" })).ProblemAsync(HttpStatusCode.Conflict, "session_full");
    }

    [Fact]
    public async Task WithoutAPoolKeyTheCollectiveEndpointsAnswer503AndObservingStillWorks()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Memory:CbpKey"] = "" });
        var (_, key, _) = await app.RegisterAsync();
        var client = app.Client(key);
        var session = await client.StartSessionAsync();
        await client.ObserveAsync(session, "Run the linter before pushing.", outcome: "success", toolName: "eslint");
        await client.ObserveAsync(session, "Run the linter before pushing.", outcome: "success", toolName: "eslint");
        await client.EndSessionAsync(session);

        await (await client.PostJsonAsync("/api/v1/memory/cbp/query", new { query = "linter" })).ProblemAsync(HttpStatusCode.ServiceUnavailable, "cbp_not_configured");
        await (await client.PostJsonAsync("/api/v1/memory/cbp/feedback", new { pattern_id = Hex64, feedback = "confirm" })).ProblemAsync(HttpStatusCode.ServiceUnavailable, "cbp_not_configured");
    }

    private async Task<(HttpClient Client, string Session)> ArrangeAsync()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        return (client, await client.StartSessionAsync("Validation target"));
    }

    private static async Task<string> AgentOfAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/agents/me")).JsonAsync(HttpStatusCode.OK)).Str("id");
}
