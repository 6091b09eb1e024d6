using System.Net;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

/// <summary>A tool fails as the HTTP endpoint fails: same code, same detail, same field errors — as a tool error, never a 500.</summary>
public sealed class McpToolErrorTests(AppFixture fixture)
{
    [Fact]
    public async Task AMissingFieldFailsAsOverHttp()
    {
        var client = await ClientAsync();

        var http = await (await client.PostJsonAsync("/api/v1/sessions", new { domain = "x" })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var mcp = await client.ToolErrorAsync("cairn_session_open", new { domain = "x" });

        AssertSame(http, mcp);
        Assert.Equal(["is required."], mcp.FieldErrors("topic"));
    }

    [Fact]
    public async Task AMistypedFieldFailsAsOverHttp()
    {
        var client = await ClientAsync();

        var http = await (await client.PostRawAsync("/api/v1/experiences/search", "{\"query\": \"x\", \"limit\": \"5\"}")).ProblemAsync(HttpStatusCode.BadRequest, "invalid_type");
        var mcp = await client.ToolErrorAsync("cairn_experience_search", new { query = "x", limit = "5" });

        AssertSame(http, mcp);
        Assert.Equal("limit: must be an integer.", (string?)mcp["detail"]);
    }

    [Fact]
    public async Task ABadEntryFailsAsOverHttp()
    {
        var client = await ClientAsync();
        var sessionId = (await client.ToolAsync("cairn_session_open", new { topic = "Entries with typos" }))["session"].Str("id");
        var entry = new { entry_type = "gotcha", content = new { warnin = "typo", context = 3 } };

        var http = await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", entry)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var mcp = await client.ToolErrorAsync("cairn_session_log_entry", new { session_id = sessionId, entry.entry_type, entry.content });

        AssertSame(http, mcp);
        Assert.NotEmpty(mcp.FieldErrors("content.warnin"));
    }

    [Fact]
    public async Task StateConflictsFailAsOverHttp()
    {
        var client = await ClientAsync();
        var sessionId = (await client.ToolAsync("cairn_session_open", new { topic = "Closed twice" }))["session"].Str("id");
        await client.ToolAsync("cairn_session_close", new { session_id = sessionId, outcome = "failure" });

        var http = await (await client.PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).ProblemAsync(HttpStatusCode.Conflict, "session_not_open");
        var mcp = await client.ToolErrorAsync("cairn_session_close", new { session_id = sessionId, outcome = "success" });

        AssertSame(http, mcp);
    }

    [Fact]
    public async Task FeedbackOnYourOwnExperienceIsForbiddenAsOverHttp()
    {
        var client = await ClientAsync();
        var sessionId = (await client.ToolAsync("cairn_session_open", new { topic = "My own work" }))["session"].Str("id");
        var shortId = (await client.ToolAsync("cairn_session_close", new { session_id = sessionId, outcome = "success" }))["experience"].Str("short_id");

        var http = await (await client.PostJsonAsync($"/api/v1/experiences/{shortId}/vote", new { vote_type = "up" })).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var mcp = await client.ToolErrorAsync("cairn_experience_vote", new { identifier = shortId, vote_type = "up" });

        AssertSame(http, mcp);
    }

    [Fact]
    public async Task MissingThingsAreNotFoundAsOverHttp()
    {
        var client = await ClientAsync();

        var http = await (await client.GetAsync("/api/v1/clipboard/entry?name=nothing-here")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var mcp = await client.ToolErrorAsync("cairn_clipboard_get", new { name = "nothing-here" });
        var experience = await client.ToolErrorAsync("cairn_experience_get", new { identifier = "zzzzzzzz" });

        AssertSame(http, mcp);
        Assert.Equal("Experience 'zzzzzzzz' was not found.", (string?)experience["detail"]);
    }

    [Fact]
    public async Task ABadEngramFailsAsOverHttp()
    {
        var client = await ClientAsync();
        var engram = new { statement = "Prefer UTC timestamps", type = "habit", scope = "user:me", tags = "utc" };

        var http = await (await client.PostJsonAsync("/api/v1/engrams", engram)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var mcp = await client.ToolErrorAsync("cairn_engram_learn", engram);

        AssertSame(http, mcp);
        Assert.NotEmpty(mcp.FieldErrors("type"));
        Assert.NotEmpty(mcp.FieldErrors("tags"));
    }

    [Fact]
    public async Task FeedbackOnAnEngramYouCannotSeeIsNotFoundAsOverHttp()
    {
        var client = await ClientAsync();
        var feedback = new { signal = "positive" };

        var http = await (await client.PostJsonAsync("/api/v1/engrams/ENG-2026-0101-ZZZZZZZZ/feedback", feedback)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var mcp = await client.ToolErrorAsync("cairn_engram_feedback", new { id = "ENG-2026-0101-ZZZZZZZZ", feedback.signal });

        AssertSame(http, mcp);
    }

    [Fact]
    public async Task ABadObservationFailsAsOverHttp()
    {
        var client = await ClientAsync();
        var observation = new { content = "", type = "gossip", outcome = "great" };

        var http = await (await client.PostJsonAsync("/api/v1/memory/observe", observation)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var mcp = await client.ToolErrorAsync("cairn_memory_observe", observation);

        AssertSame(http, mcp);
        Assert.NotEmpty(mcp.FieldErrors("session_id"));
    }

    [Fact]
    public async Task RetitlingAnEndedMemorySessionFailsAsOverHttp()
    {
        var client = await ClientAsync();
        var sessionId = (await client.ToolAsync("cairn_memory_session_start", new { title = "Once" })).Str("id");
        var ended = await client.ToolAsync("cairn_memory_session_end", new { session_id = sessionId });

        var again = await client.ToolAsync("cairn_memory_session_end", new { session_id = sessionId });
        var http = await (await client.PutAsync($"/api/v1/memory/sessions/{sessionId}", System.Net.Http.Json.JsonContent.Create(new { status = "ended", title = "Twice" })))
            .ProblemAsync(HttpStatusCode.Conflict, "session_ended");
        var mcp = await client.ToolErrorAsync("cairn_memory_session_end", new { session_id = sessionId, title = "Twice" });

        Assert.Equal(ended["z_report"]!.ToJsonString(), again["z_report"]!.ToJsonString());
        AssertSame(http, mcp);
    }

    [Fact]
    public async Task RouteValuesAreRequiredAndTyped()
    {
        var client = await ClientAsync();

        var missing = await client.ToolErrorAsync("cairn_session_abandon");
        var mistyped = await client.ToolErrorAsync("cairn_session_abandon", new { session_id = 42 });
        var badIdx = await client.ToolErrorAsync("cairn_clipboard_delete", new { idx = "one" });

        Assert.Equal(["is required."], missing.FieldErrors("session_id"));
        Assert.Equal("session_id: must be a string.", (string?)mistyped["detail"]);
        Assert.Equal("invalid_type", (string?)badIdx["code"]);
        Assert.Equal(["must be an integer."], badIdx.FieldErrors("idx"));
    }

    [Fact]
    public async Task AnArgumentTheToolDoesNotTakeIsNamedWithTheOnesItDoes()
    {
        var client = await ClientAsync();

        var unknown = await client.ToolErrorAsync("cairn_clipboard_set", new { name = "n", value = "v", source = "api" });
        var none = await client.ToolErrorAsync("cairn_clipboard_pop", new { idx = 1 });

        Assert.Equal("validation_failed", (string?)unknown["code"]);
        Assert.Contains("expected name, value, content_type", unknown.FieldErrors("source").Single());
        Assert.Contains("takes no arguments", none.FieldErrors("idx").Single());
    }

    [Fact]
    public async Task AnUnconfiguredClipboardIs503AsOverHttp()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Clipboard:EncryptionKeys"] = "" });
        var (_, key, _) = await app.RegisterAsync();
        var client = app.Client(key);

        var http = await (await client.PostJsonAsync("/api/v1/clipboard/push", new { value = "v" })).ProblemAsync(HttpStatusCode.ServiceUnavailable, "clipboard_not_configured");
        var mcp = await client.ToolErrorAsync("cairn_clipboard_push", new { value = "v" });

        AssertSame(http, mcp);
    }

    private async Task<HttpClient> ClientAsync() => fixture.App.Client((await fixture.App.RegisterAsync()).Key);

    private static void AssertSame(JsonObject http, JsonObject mcp)
    {
        Assert.Equal((int?)http["status"], (int?)mcp["status"]);
        Assert.Equal((string?)http["code"], (string?)mcp["code"]);
        Assert.Equal((string?)http["detail"], (string?)mcp["detail"]);
        Assert.Equal(http["errors"]?.ToJsonString(), mcp["errors"]?.ToJsonString());
    }
}
