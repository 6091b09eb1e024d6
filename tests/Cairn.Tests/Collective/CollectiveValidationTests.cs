using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Collective;

// Bad input on every collective endpoint: a 4xx naming the problem, never a 500.
public sealed class CollectiveValidationTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    public static TheoryData<string, string, string, string, string> BadRequests => new()
    {
        // method, path ({session}/{experience} are replaced), body, status code, field named (or problem code)
        { "POST", "/api/v1/sessions", "{}", "validation_failed", "topic" },
        { "POST", "/api/v1/sessions", """{"topic": "x", "visibility": "secret"}""", "validation_failed", "visibility" },
        { "POST", "/api/v1/sessions", """{"topic": 12}""", "invalid_type", "topic" },
        { "POST", "/api/v1/sessions", """{"topic": "x", "tools_used": "docker"}""", "invalid_type", "tools_used" },
        { "POST", "/api/v1/sessions", $$"""{"topic": "{{new string('t', 501)}}"}""", "validation_failed", "topic" },
        { "POST", "/api/v1/sessions/{session}/entries", """{"entry_type": "epiphany", "content": {"text": "x"}}""", "validation_failed", "entry_type" },
        { "POST", "/api/v1/sessions/{session}/entries", """{"entry_type": "dead_end", "content": {"why": "no what"}}""", "validation_failed", "content.what" },
        { "POST", "/api/v1/sessions/{session}/entries", """{"entry_type": "breakthrough", "content": {"insight": "x", "importance": "huge"}}""", "validation_failed", "content.importance" },
        { "POST", "/api/v1/sessions/{session}/entries", """{"entry_type": "note", "content": {"text": "x", "txt": "typo"}}""", "validation_failed", "content.txt" },
        { "POST", "/api/v1/sessions/{session}/entries", """{"entry_type": "note", "content": {"text": 5}}""", "validation_failed", "content.text" },
        { "POST", "/api/v1/sessions/{session}/entries", """{"entry_type": "note"}""", "validation_failed", "content" },
        { "POST", "/api/v1/sessions/{session}/entries", $$$"""{"entry_type": "note", "content": {"text": "{{{new string('n', 8001)}}}"}}""", "validation_failed", "content.text" },
        { "POST", "/api/v1/sessions/{session}/close", "{}", "validation_failed", "outcome" },
        { "POST", "/api/v1/sessions/{session}/close", """{"outcome": "victory"}""", "validation_failed", "outcome" },
        { "POST", "/api/v1/sessions/{session}/contribute", """{"content": {"text": "x"}, "contribution_type": "praise"}""", "validation_failed", "contribution_type" },
        { "POST", "/api/v1/sessions/{session}/contribute", """{"contribution_type": "warning"}""", "validation_failed", "content.text" },
        { "GET", "/api/v1/sessions?status=sleeping", "", "validation_failed", "status" },
        { "GET", "/api/v1/sessions?limit=0", "", "validation_failed", "limit" },
        { "GET", "/api/v1/sessions?limit=ten", "", "invalid_parameter", "limit" },
        { "GET", "/api/v1/sessions?cursor=garbage", "", "invalid_cursor", "cursor" },
        { "POST", "/api/v1/experiences/search", "{}", "validation_failed", "query" },
        { "POST", "/api/v1/experiences/search", """{"query": "x", "limit": 51}""", "validation_failed", "limit" },
        { "POST", "/api/v1/experiences/search", """{"query": "x", "limit": 0}""", "validation_failed", "limit" },
        { "POST", "/api/v1/experiences/search", """{"query": "x", "min_quality": 1.5}""", "validation_failed", "min_quality" },
        { "POST", "/api/v1/experiences/search", """{"query": "x", "tools": [1]}""", "invalid_type", "tools[0]" },
        { "POST", "/api/v1/experiences/search", $$"""{"query": "{{new string('q', 2001)}}"}""", "validation_failed", "query" },
        { "GET", "/api/v1/experiences?limit=500", "", "validation_failed", "limit" },
        { "GET", "/api/v1/experiences?status=archived", "", "validation_failed", "status" },
        { "GET", "/api/v1/experiences/{experience}/similar?limit=99", "", "validation_failed", "limit" },
        { "POST", "/api/v1/experiences", "{}", "validation_failed", "goal" },
        { "POST", "/api/v1/experiences", """{"goal": "x", "outcome": "meh"}""", "validation_failed", "outcome" },
        { "POST", "/api/v1/experiences", """{"goal": "x", "dead_ends": [{"why": "no what"}]}""", "validation_failed", "dead_ends[0].what" },
        { "POST", "/api/v1/experiences", """{"goal": "x", "artifacts": [{"language": "sh"}]}""", "validation_failed", "artifacts[0].code" },
        { "POST", "/api/v1/experiences/{experience}/acquire", """{"mode": "poem"}""", "validation_failed", "mode" },
        { "POST", "/api/v1/experiences/{experience}/outcome", "{}", "validation_failed", "success" },
        { "POST", "/api/v1/experiences/{experience}/outcome", """{"success": "yes"}""", "invalid_type", "success" },
        { "POST", "/api/v1/experiences/{experience}/outcome", """{"success": true, "execution_time_ms": -1}""", "validation_failed", "execution_time_ms" },
        { "POST", "/api/v1/experiences/{experience}/vote", """{"vote_type": "sideways"}""", "validation_failed", "vote_type" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsRefusedNamingTheField(string method, string path, string body, string code, string field)
    {
        var (client, sessionId, experienceId) = await ArrangeAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{session}", sessionId, StringComparison.Ordinal).Replace("{experience}", experienceId, StringComparison.Ordinal));
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        var status = code switch { "validation_failed" => HttpStatusCode.UnprocessableEntity, _ => HttpStatusCode.BadRequest };
        var problem = await response.ProblemAsync(status, code);
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Theory]
    [InlineData("GET", "/api/v1/sessions/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/v1/sessions/00000000-0000-0000-0000-000000000001/abandon")]
    [InlineData("GET", "/api/v1/experiences/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/v1/experiences/zzzzzzzz")]
    [InlineData("GET", "/api/v1/experiences/not-an-id-at-all")]
    [InlineData("POST", "/api/v1/experiences/abcdefgh/publish")]
    public async Task UnknownIdsAreNotFound(string method, string path)
    {
        var (client, _, _) = await ArrangeAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AMalformedSessionIdIsNotFound()
    {
        var (client, _, _) = await ArrangeAsync();

        await (await client.GetAsync("/api/v1/sessions/not-a-uuid")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<(HttpClient Client, string SessionId, string ExperienceShortId)> ArrangeAsync()
    {
        var (_, key, _) = await _app.RegisterAsync();
        var client = _app.Client(key);
        var sessionId = (await (await client.PostJsonAsync("/api/v1/sessions", new { topic = "Validation target" })).JsonAsync(HttpStatusCode.Created))["session"]!.Str("id");
        var (_, otherKey, _) = await _app.RegisterAsync();
        var other = _app.Client(otherKey);
        var shortId = (await (await other.PostJsonAsync("/api/v1/experiences", new { goal = "Validation target" })).JsonAsync(HttpStatusCode.Created)).Str("short_id");
        await (await other.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        return (client, sessionId, shortId);
    }
}
